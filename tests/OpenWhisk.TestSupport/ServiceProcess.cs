using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace OpenWhisk.TestSupport;

/// <summary>
/// One OpenWhisk.NET service as a separate process: the built controller or invoker (with its plugins and config),
/// on a loopback port, started with <c>--key=value</c> settings and ready once <c>/ping</c> answers.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    public const string GuestKey = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    /// <summary>The well-known key of the <c>whisk.system</c> namespace, which the standalone creates.</summary>
    public const string SystemKey = "789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    private readonly StringBuilder output = new();
    private readonly string service;
    private readonly IReadOnlyList<string> arguments;
    private readonly string workingDirectory;
    private Process? process;

    private ServiceProcess(string service, IReadOnlyList<string> arguments, string workingDirectory, int port)
    {
        this.service = service;
        this.arguments = arguments;
        this.workingDirectory = workingDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Gets the id of the running process, or null when it is not running.</summary>
    public int? ProcessId => process is { HasExited: false } running ? running.Id : null;

    public Uri BaseAddress => new($"http://127.0.0.1:{Port}");

    public bool IsRunning => process is { HasExited: false };

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

    /// <summary>Starts <c>OpenWhisk.&lt;service&gt;.dll</c> and waits until it answers <c>/ping</c>.</summary>
    /// <param name="service"><c>Controller</c> or <c>Invoker</c>.</param>
    /// <param name="arguments">Command-line arguments before the settings, for example <c>--role controller</c>.</param>
    /// <param name="settings">Configuration keys and values, passed as <c>--key=value</c>.</param>
    /// <param name="workingDirectory">The process's working directory.</param>
    public static async Task<ServiceProcess> StartAsync(string service, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> settings, string workingDirectory)
    {
        var port = FreePort();
        var all = new List<string>(arguments) { "--port", port.ToString(CultureInfo.InvariantCulture) };
        all.AddRange(settings.Select(setting => $"--{setting.Key}={setting.Value}"));
        var started = new ServiceProcess(service, all, workingDirectory, port);
        await started.StartAsync();
        return started;
    }

    public static HttpClient ApiClient(Uri baseAddress, string key = GuestKey)
    {
        var client = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(120) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key)));
        return client;
    }

    /// <summary>A free loopback port outside the range Docker publishes containers' ports in (see <see cref="LoopbackPort"/>).</summary>
    public static int FreePort() => LoopbackPort.Free();

    public static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenWhisk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OpenWhisk.sln not found");
    }

    /// <summary>Starts the process again with the same arguments (after a stop or a kill).</summary>
    public async Task StartAsync()
    {
        if (IsRunning)
        {
            throw new InvalidOperationException(service + " is already running.");
        }

        process?.Dispose();
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        info.ArgumentList.Add(AssemblyPath(service));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var started = Process.Start(info)!;
        started.OutputDataReceived += (_, e) => Append(e.Data);
        started.ErrorDataReceived += (_, e) => Append(e.Data);
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        process = started;

        using var ping = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(90))
        {
            if (started.HasExited)
            {
                throw new InvalidOperationException($"{service} exited with {started.ExitCode}:\n{Output}");
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

        throw new TimeoutException($"{service} did not answer /ping:\n{Output}");
    }

    /// <summary>Stops the process the way Ctrl-C or SIGTERM would, and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (process is not { HasExited: false } running)
        {
            return;
        }

        using (var kill = Process.Start("kill", ["-TERM", running.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill!.WaitForExitAsync();
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await running.WaitForExitAsync(timeout.Token);
    }

    /// <summary>Sends a signal (<c>STOP</c>, <c>CONT</c>, …) to the running process, as <c>kill -&lt;signal&gt;</c> does.</summary>
    public async Task SignalAsync(string signal)
    {
        if (process is not { HasExited: false } running)
        {
            throw new InvalidOperationException($"{service} is not running.");
        }

        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, running.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {running.Id} failed with {kill.ExitCode}.");
        }
    }

    /// <summary>Kills the process with SIGKILL: no cleanup, no goodbye.</summary>
    public async Task KillAsync()
    {
        if (process is { HasExited: false } running)
        {
            running.Kill(entireProcessTree: false);
            await running.WaitForExitAsync();
        }
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
        }
    }

    /// <summary>The built service (<c>Controller</c>, <c>Invoker</c>) in its own output folder (with config/ and plugins/), in the test's configuration.</summary>
    public static string AssemblyPath(string service)
    {
        var configuration = AppContext.BaseDirectory.Contains("/Release/", StringComparison.Ordinal) ? "Release" : "Debug";
        var path = Path.Combine(RepositoryRoot(), "src", service, "bin", configuration, "net10.0", $"OpenWhisk.{service}.dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"Build the {service.ToLowerInvariant()} first: " + path);
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
}
