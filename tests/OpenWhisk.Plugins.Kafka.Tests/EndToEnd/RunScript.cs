using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary><c>./run.sh</c> started as a user starts it, on a port of its own, with its output kept for failure messages.</summary>
internal sealed class RunScript : IAsyncDisposable
{
    private readonly Process script;
    private readonly StringBuilder output;
    private readonly string root;

    private RunScript(Process script, StringBuilder output, string root, HttpClient client)
    {
        this.script = script;
        this.output = output;
        this.root = root;
        Client = client;
    }

    public HttpClient Client { get; }

    /// <summary>Starts <c>./run.sh</c> with <paramref name="arguments"/> and waits until its invokers are ready.</summary>
    public static Task<RunScript> StartAsync(params string[] arguments) => StartAsync(new Dictionary<string, string>(), arguments);

    /// <summary>Starts <c>./run.sh</c> with <paramref name="arguments"/> and more <paramref name="environment"/>, and waits until its invokers are ready.</summary>
    public static async Task<RunScript> StartAsync(IReadOnlyDictionary<string, string> environment, params string[] arguments)
    {
        DockerRequirement.Require();
        var root = ServiceProcess.RepositoryRoot();
        var port = ServiceProcess.FreePort();
        var output = new StringBuilder();
        var script = new Process
        {
            StartInfo = new ProcessStartInfo("bash", ["./run.sh", .. arguments, "--port", port.ToString(CultureInfo.InvariantCulture)])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        foreach (var (name, value) in environment)
        {
            script.StartInfo.Environment[name] = value;
        }

        script.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.Start();
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        var client = ServiceProcess.ApiClient(new Uri($"http://127.0.0.1:{port}"));
        client.Timeout = TimeSpan.FromMinutes(1);
        var run = new RunScript(script, output, root, client);
        try
        {
            await run.WaitUntilReadyAsync();
            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Creates a Node.js action and invokes it once (blocking); returns the status.</summary>
    public async Task<int> InvokeAsync()
    {
        await Client.PutActionAsync("leftover", "nodejs:20", "function main() { return { ok: true }; }");
        var (status, _) = await Client.InvokeAsync("leftover");
        return status;
    }

    /// <summary>The command line of one of run.sh's processes (by the name of its pid file under <c>data/run</c>), as every user of the machine can read it.</summary>
    public async Task<string> CommandLineOfAsync(string name)
    {
        var pid = (await File.ReadAllTextAsync(Path.Combine(root, "data/run", name + ".pid"))).Trim();
        return (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Replace('\0', ' ');
    }

    /// <summary>Kills one of run.sh's processes (by the name of its pid file under <c>data/run</c>) with SIGKILL.</summary>
    public async Task KillAsync(string name)
    {
        var pid = int.Parse(await File.ReadAllTextAsync(Path.Combine(root, "data/run", name + ".pid")), CultureInfo.InvariantCulture);
        await RunScriptTests.RunAsync("kill", "-KILL", pid.ToString(CultureInfo.InvariantCulture));
        await Task.Delay(TimeSpan.FromSeconds(1));
    }

    /// <summary>Stops run.sh as Ctrl-C would (SIGTERM) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        await RunScriptTests.RunAsync("kill", "-TERM", script.Id.ToString(CultureInfo.InvariantCulture));
        await WaitForExitAsync();
    }

    /// <summary>Waits (two minutes at most) for run.sh to exit.</summary>
    public async Task WaitForExitAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        await script.WaitForExitAsync(timeout.Token);
    }

    public async ValueTask DisposeAsync()
    {
        if (!script.HasExited)
        {
            await StopAsync();
        }

        Client.Dispose();
        script.Dispose();
    }

    private async Task WaitUntilReadyAsync()
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (script.HasExited)
            {
                Assert.Fail("run.sh exited: " + Output());
            }

            try
            {
                if ((await Client.GetAsync("/invokers/ready")).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not up yet.
            }

            await Task.Delay(1000);
        }

        Assert.Fail("run.sh did not come up within 5 minutes: " + Output());
    }

    private string Output()
    {
        lock (output)
        {
            return output.ToString();
        }
    }
}
