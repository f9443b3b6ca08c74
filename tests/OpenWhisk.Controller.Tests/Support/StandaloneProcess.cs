using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>
/// The real standalone platform as a separate process (the built <c>OpenWhisk.Controller.dll</c> with its plugins),
/// on a free loopback port, with its own SQLite file and a container prefix of its own.
/// </summary>
internal sealed class StandaloneProcess : IAsyncDisposable
{
    public const string GuestKey = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
    private readonly StringBuilder output = new();
    private Process? process;

    private StandaloneProcess(string dataDirectory, int port, string owner, IReadOnlyDictionary<string, string> settings)
    {
        DataDirectory = dataDirectory;
        Port = port;
        Owner = owner;
        Settings = settings;
    }

    public string DataDirectory { get; }

    public int Port { get; }

    /// <summary>Gets the unique name of the in-process invoker, part of its containers' prefix.</summary>
    public string Owner { get; }

    public IReadOnlyDictionary<string, string> Settings { get; }

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public string Output
    {
        get
        {
            lock (output)
            {
                return output.ToString();
            }
        }
    }

    public static async Task<StandaloneProcess> StartAsync(IReadOnlyDictionary<string, string>? settings = null)
    {
        var data = Path.Combine(Path.GetTempPath(), "ow-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(data);
        var platform = new StandaloneProcess(data, FreePort(), "e2e" + Guid.NewGuid().ToString("N")[..6], settings ?? new Dictionary<string, string>());
        await platform.StartAsync();
        return platform;
    }

    public HttpClient Client(string key = GuestKey)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key)));
        return client;
    }

    /// <summary>Stops the process the way Ctrl-C or SIGTERM would.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await running.WaitForExitAsync(timeout.Token);
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            if (process is { HasExited: false })
            {
                process.Kill(entireProcessTree: true);
            }

            process?.Dispose();
            try
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private async Task StartAsync()
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = DataDirectory,
        };
        info.ArgumentList.Add(ControllerPath());
        foreach (var argument in new[] { "--role", "standalone", "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(argument);
        }

        var all = new Dictionary<string, string>
        {
            ["Stores:Sqlite:Path"] = Path.Combine(DataDirectory, "openwhisk.db"),
            ["Invoker:UniqueName"] = Owner,
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in Settings)
        {
            all[key] = value;
        }

        foreach (var (key, value) in all)
        {
            info.ArgumentList.Add($"--{key}={value}");
        }

        process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var ping = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The standalone platform exited with {process.ExitCode}:\n{Output}");
            }

            try
            {
                using var response = await ping.GetAsync(new Uri("/ping", UriKind.Relative));
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("The standalone platform did not answer /ping:\n" + Output);
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.AppendLine(line);
        }
    }

    private static string ControllerPath()
    {
        // The controller's own output folder (with config/ and plugins/), in the test's configuration.
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", "Controller", "bin", configuration, "net10.0", "OpenWhisk.Controller.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException("Build the controller first: " + path);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenWhisk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OpenWhisk.sln not found");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
