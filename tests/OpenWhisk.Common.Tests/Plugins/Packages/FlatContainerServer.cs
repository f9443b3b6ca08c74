using System.Net;
using System.Text.Json;
using NuGet.Packaging;

namespace OpenWhisk.Common.Tests.Plugins.Packages;

/// <summary>
/// A NuGet V3 feed on 127.0.0.1 that serves only the flat container (<c>PackageBaseAddress/3.0.0</c>: version lists,
/// .nupkg and .nuspec files) of a folder of packages, with no registration metadata, as package mirrors do.
/// </summary>
public sealed class FlatContainerServer : IDisposable
{
    private readonly HttpListener listener = new();
    private readonly string folder;
    private readonly Task serving;

    public FlatContainerServer(string folder)
    {
        this.folder = folder;
        var port = FreePort();
        Index = $"http://127.0.0.1:{port}/v3/index.json";
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        serving = Task.Run(ServeAsync);
    }

    /// <summary>Gets the feed's service index URL.</summary>
    public string Index { get; }

    /// <summary>Gets the paths requested so far.</summary>
    public List<string> Requested { get; } = [];

    public void Dispose()
    {
        listener.Stop();
        listener.Close();
        try
        {
            serving.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
        }
    }

    private static int FreePort()
    {
        var probe = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        return port;
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception exception) when (exception is HttpListenerException or ObjectDisposedException or InvalidOperationException)
            {
                return;
            }

            var path = context.Request.Url!.AbsolutePath;
            lock (Requested)
            {
                Requested.Add(path);
            }

            var (status, body) = Answer(path, context.Request.Url.GetLeftPart(UriPartial.Authority));
            context.Response.StatusCode = status;
            await context.Response.OutputStream.WriteAsync(body);
            context.Response.Close();
        }
    }

    private (int Status, byte[] Body) Answer(string path, string authority)
    {
        if (path == "/v3/index.json")
        {
            return (200, JsonSerializer.SerializeToUtf8Bytes(new
            {
                version = "3.0.0",
                resources = new[] { new Dictionary<string, string> { ["@id"] = authority + "/flat/", ["@type"] = "PackageBaseAddress/3.0.0" } },
            }));
        }

        var parts = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var packages = Directory.GetFiles(folder, "*.nupkg")
            .Select(file => (File: file, Identity: new PackageArchiveReader(file).GetIdentity()))
            .ToList();
        if (parts is ["flat", var id, "index.json"])
        {
            var versions = packages.Where(p => p.Identity.Id.Equals(id, StringComparison.OrdinalIgnoreCase)).Select(p => p.Identity.Version.ToNormalizedString().ToLowerInvariant()).ToArray();
            return versions.Length == 0 ? (404, []) : (200, JsonSerializer.SerializeToUtf8Bytes(new { versions }));
        }

        if (parts is ["flat", var packageId, var version, var file])
        {
            var match = packages.FirstOrDefault(p => p.Identity.Id.Equals(packageId, StringComparison.OrdinalIgnoreCase) && p.Identity.Version.ToNormalizedString().Equals(version, StringComparison.OrdinalIgnoreCase));
            if (match.File is null)
            {
                return (404, []);
            }

            if (file.EndsWith(".nupkg", StringComparison.Ordinal))
            {
                return (200, File.ReadAllBytes(match.File));
            }

            using var reader = new PackageArchiveReader(match.File);
            using var nuspec = new MemoryStream();
            reader.GetNuspec().CopyTo(nuspec);
            return (200, nuspec.ToArray());
        }

        return (404, []);
    }
}
