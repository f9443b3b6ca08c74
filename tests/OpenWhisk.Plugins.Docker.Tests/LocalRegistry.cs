using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// A Docker registry (Debian's <c>docker-registry</c>, the distribution registry) on a free 127.0.0.1 port with its
/// storage in a temporary folder; the engine talks plain HTTP to registries on loopback addresses. Outside CI a
/// machine without it skips the tests that need it; in CI it is required (<c>./test.sh</c> installs it).
/// </summary>
internal sealed class LocalRegistry : IAsyncDisposable
{
    private const string Binary = "/usr/bin/docker-registry";
    private readonly string directory;
    private Process? process;

    private LocalRegistry(string directory, int port)
    {
        this.directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Gets the registry's host and port, the prefix of image names pushed to it.</summary>
    public string Host => "127.0.0.1:" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static async Task<LocalRegistry> StartAsync()
    {
        if (!File.Exists(Binary))
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail("docker-registry is required in CI (./test.sh installs it).");
            }

            Assert.Ignore("docker-registry is not installed (apt-get install docker-registry); ./test.sh installs it.");
        }

        var directory = Directory.CreateTempSubdirectory("owregistry").FullName;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            var registry = new LocalRegistry(directory, ((IPEndPoint)listener.LocalEndpoint).Port);
            listener.Stop();
            await registry.RunAsync();
            return registry;
        }
    }

    /// <summary>Starts a stopped registry again on the same port and storage.</summary>
    public static async Task<LocalRegistry> RestartAsync(LocalRegistry stopped)
    {
        ArgumentNullException.ThrowIfNull(stopped);
        stopped.process?.Dispose();
        var registry = new LocalRegistry(stopped.directory, stopped.Port);
        await registry.RunAsync();
        return registry;
    }

    /// <summary>Stops the registry (its storage stays), as an unreachable registry would be.</summary>
    public async Task StopAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill();
            await running.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        process?.Dispose();
        Directory.Delete(directory, recursive: true);
    }

    private async Task RunAsync()
    {
        var config = Path.Combine(directory, "config.yml");
        await File.WriteAllTextAsync(config, $"""
            version: 0.1
            log:
              level: error
            storage:
              filesystem:
                rootdirectory: {Path.Combine(directory, "data")}
            http:
              addr: {Host}
            """);
        process = Process.Start(new ProcessStartInfo(Binary, ["serve", config]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var answer = await http.GetAsync(new Uri($"http://{Host}/v2/"));
                if (answer.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        Assert.Fail("docker-registry did not start");
    }
}
