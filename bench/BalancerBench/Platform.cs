using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace OpenWhisk.Bench.BalancerBench;

/// <summary>The standalone controller of this build as a child process, stopped with SIGTERM.</summary>
internal sealed class Platform : IAsyncDisposable
{
    private readonly Process process;
    private readonly string data;

    private Platform(Process process, string data, Uri address)
    {
        this.process = process;
        this.data = data;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<Platform> StartAsync(IReadOnlyDictionary<string, string> settings)
    {
        var dll = FindController();
        var data = Directory.CreateTempSubdirectory("ow-bench-").FullName;
        var port = FreePort();
        var arguments = new List<string> { dll, "--role", "standalone", $"--Http:Port={port}", $"--Stores:Sqlite:Path={Path.Combine(data, "ow.db")}" };
        arguments.AddRange(settings.Select(s => $"--{s.Key}={s.Value}"));
        var process = Process.Start(new ProcessStartInfo("dotnet", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { Console.Error.WriteLine("[controller] " + e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var address = new Uri($"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        for (var attempt = 0; attempt < 300; attempt++)
        {
            try
            {
                if ((await http.GetAsync(new Uri(address, "/invokers/ready"))).StatusCode == HttpStatusCode.OK)
                {
                    return new Platform(process, data, address);
                }
            }
            catch (HttpRequestException)
            {
            }

            if (process.HasExited)
            {
                throw new InvalidOperationException("the controller exited with " + process.ExitCode);
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("the controller did not become ready");
    }

    public async ValueTask DisposeAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        process.Dispose();
        Directory.Delete(data, recursive: true);
    }

    private static string FindController()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var dll = Path.Combine(directory.FullName, "src/Controller/bin/Release/net10.0/OpenWhisk.Controller.dll");
            if (File.Exists(dll))
            {
                return dll;
            }
        }

        throw new FileNotFoundException("Build the controller first: dotnet build OpenWhisk.sln -c Release");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
