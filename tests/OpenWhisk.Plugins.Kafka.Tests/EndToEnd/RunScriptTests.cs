using System.Diagnostics;
using System.Globalization;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary><c>./run.sh --distributed</c> as a user runs it: stopping it leaves no container behind, even of a killed invoker.</summary>
[TestFixture]
[NonParallelizable]
public sealed class RunScriptTests
{
    [Test]
    public async Task Stopping_run_sh_removes_the_containers_of_an_invoker_that_was_killed()
    {
        DockerRequirement.Require();
        var root = ServiceProcess.RepositoryRoot();
        var port = ServiceProcess.FreePort();
        var output = new System.Text.StringBuilder();
        using var script = new Process
        {
            StartInfo = new ProcessStartInfo("bash", ["./run.sh", "--distributed", "--invokers", "1", "--port", port.ToString(CultureInfo.InvariantCulture)])
            {
                WorkingDirectory = root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            },
        };
        script.OutputDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.ErrorDataReceived += (_, e) => { lock (output) { output.AppendLine(e.Data); } };
        script.Start();
        script.BeginOutputReadLine();
        script.BeginErrorReadLine();
        try
        {
            using var client = ServiceProcess.ApiClient(new Uri($"http://127.0.0.1:{port}"));
            client.Timeout = TimeSpan.FromMinutes(1);
            await WaitUntilReadyAsync(client, script, output);
            await client.PutActionAsync("leftover", "nodejs:20", "function main() { return { ok: true }; }");
            var (status, _) = await client.InvokeAsync("leftover");
            var invokerPid = int.Parse(await File.ReadAllTextAsync(Path.Combine(root, "data/run/invoker0.pid")), CultureInfo.InvariantCulture);
            await RunAsync("kill", "-KILL", invokerPid.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(TimeSpan.FromSeconds(1));
            var leftBehind = await ContainersAsync("wsk00");

            await RunAsync("kill", "-TERM", script.Id.ToString(CultureInfo.InvariantCulture));
            await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);

            var afterStop = await ContainersAsync("wsk00");

            Assert.Multiple(() =>
            {
                Assert.That(status, Is.EqualTo(200));
                Assert.That(leftBehind, Is.Not.Empty, "the killed invoker could not remove its containers itself");
                Assert.That(afterStop, Is.Empty, "run.sh removed them as it stopped");
            });
        }
        finally
        {
            if (!script.HasExited)
            {
                await RunAsync("kill", "-TERM", script.Id.ToString(CultureInfo.InvariantCulture));
                await script.WaitForExitAsync(new CancellationTokenSource(TimeSpan.FromMinutes(2)).Token);
            }
        }
    }

    private static async Task WaitUntilReadyAsync(HttpClient client, Process script, System.Text.StringBuilder output)
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (script.HasExited)
            {
                Assert.Fail("run.sh exited: " + output);
            }

            try
            {
                if ((await client.GetAsync("/invokers/ready")).IsSuccessStatusCode)
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

        Assert.Fail("run.sh did not come up within 5 minutes: " + output);
    }

    private static async Task<List<string>> ContainersAsync(string owner) =>
        (await RunAsync("docker", "ps", "-aq", "--filter", "label=net.openwhisk.owner=" + owner)).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();

    private static async Task<string> RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var text = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return text;
    }
}
