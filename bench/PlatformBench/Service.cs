using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>One OpenWhisk.NET service of this build (controller, invoker, Kafka mock) as a child process, stopped with SIGTERM.</summary>
internal sealed class Service : IAsyncDisposable
{
    private readonly Process process;

    private Service(string name, Process process)
    {
        Name = name;
        this.process = process;
    }

    public string Name { get; }

    /// <summary>Gets the CPU time (user and system) the process has used so far, in seconds.</summary>
    public double CpuSeconds
    {
        get
        {
            // /proc/<pid>/stat: the fields after the command's closing parenthesis; utime and stime are the 12th and 13th.
            var stat = File.ReadAllText($"/proc/{process.Id}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / 100.0;
        }
    }

    /// <summary>Gets the process id (for reading <c>/proc</c>).</summary>
    public int ProcessId => process.Id;

    /// <summary>Gets the resident memory of the process, in megabytes.</summary>
    public double RssMb
    {
        get
        {
            var line = File.ReadLines($"/proc/{process.Id}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024;
        }
    }

    /// <summary>Starts <c>dotnet &lt;relativeDll&gt; arguments</c> and waits until <paramref name="ready"/> holds.</summary>
    public static async Task<Service> StartAsync(string name, string relativeDll, IEnumerable<string> arguments, Func<Task<bool>> ready)
    {
        var dll = Path.Combine(Repository.Root, relativeDll);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException("Build first: dotnet build OpenWhisk.sln -c Release", dll);
        }

        var process = Process.Start(new ProcessStartInfo("dotnet", [dll, .. arguments]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        process.OutputDataReceived += (_, e) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                Console.Error.WriteLine($"[{name}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var service = new Service(name, process);
        for (var attempt = 0; attempt < 600; attempt++)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"{name} exited with {process.ExitCode}");
            }

            try
            {
                if (await ready())
                {
                    return service;
                }
            }
            catch (HttpRequestException)
            {
            }

            await Task.Delay(100);
        }

        await service.DisposeAsync();
        throw new TimeoutException(name + " did not become ready");
    }

    /// <summary>A readiness check: <paramref name="url"/> answers 200.</summary>
    public static Func<Task<bool>> Answers(Uri url) => async () =>
    {
        using var http = new HttpClient();
        return (await http.GetAsync(url)).StatusCode == HttpStatusCode.OK;
    };

    /// <summary>
    /// Starts a standalone of its own on a free port, with its database in <paramref name="data"/>, throttles out of
    /// the way and warnings only; ready when it reports a ready invoker.
    /// </summary>
    public static async Task<(Service Standalone, Uri Url)> StartStandaloneAsync(string name, string data, string uniqueName)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}");
        var standalone = await StartAsync(
            name,
            "src/Standalone/bin/Release/net10.0/OpenWhisk.Standalone.dll",
            ["--port", port.ToString(CultureInfo.InvariantCulture),
                "--Stores:Sqlite:Path=" + Path.Combine(data, name + ".db"), "--Invoker:UniqueName=" + uniqueName,
                "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000",
                "--Logging:LogLevel:Default=Warning",
            ],
            Answers(new Uri(url, "/invokers/ready")));
        return (standalone, url);
    }

    /// <summary>A free loopback port below the ephemeral range, where Docker publishes containers' ports.</summary>
    public static int FreePort() => OpenWhisk.TestSupport.LoopbackPort.Free();

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            using (var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        }

        process.Dispose();
    }
}
