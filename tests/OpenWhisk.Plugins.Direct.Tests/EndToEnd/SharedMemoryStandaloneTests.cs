using System.Diagnostics;

namespace OpenWhisk.Plugins.Direct.Tests.EndToEnd;

/// <summary>
/// The real standalone platform with Node.js actions going <c>direct</c>: the direct balancer's containers and the
/// in-process invoker's pool share the invoker's user memory, on real Docker containers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SharedMemoryStandaloneTests
{
    [Test]
    public async Task Direct_containers_fit_in_what_the_invokers_stem_cells_leave_of_its_user_memory()
    {
        DockerRequirement.Require();
        // 1024 MB of user memory, of which the pool's stem cells (two Node.js, one Python, 256 MB each) hold 768:
        // the direct balancer's own budget of 2048 MB would allow two containers, the shared memory allows one.
        await using var platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Spi:LoadBalancerResolver"] = "kind-based",
            ["LoadBalancer:Default"] = "lean",
            ["LoadBalancer:Kinds:0:Kind"] = "nodejs:20",
            ["LoadBalancer:Kinds:0:Balancer"] = "direct",
            ["Direct:Owner"] = "wskdirect" + Guid.NewGuid().ToString("N")[..6],
            ["Direct:MemoryBudgetMb"] = "2048",
            ["Invoker:Pool:UserMemoryMb"] = "1024",
        });
        var stemCells = await WaitForStemCellsAsync(platform.Owner, 3);
        using var client = platform.Client();
        client.Timeout = TimeSpan.FromMinutes(2);
        await client.PutActionAsync(
            "tight",
            "nodejs:20",
            "function main(args) { return new Promise(r => setTimeout(() => r({ host: require('os').hostname() }), 1500)); }",
            new { limits = new { concurrency = 2 } });

        var answers = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.InvokeAsync("tight", result: true)));
        var hosts = answers.Select(a => a.Body.GetProperty("host").GetString()).Distinct().ToList();
        await TestContext.Progress.WriteLineAsync($"4 invocations of a concurrency-2 action ran in {hosts.Count} container(s)");

        Assert.Multiple(() =>
        {
            Assert.That(stemCells, Is.EqualTo(3), "the invoker's stem cells hold 768 MB");
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(200));
            Assert.That(hosts, Has.Count.EqualTo(1), "the second container would not fit beside the pool's stem cells");
        });
    }

    private static async Task<int> WaitForStemCellsAsync(string owner, int expected)
    {
        var count = 0;
        for (var i = 0; i < 120 && count < expected; i++)
        {
            using var docker = Process.Start(new ProcessStartInfo("docker", ["ps", "--format", "{{.Names}}"]) { RedirectStandardOutput = true })!;
            var names = await docker.StandardOutput.ReadToEndAsync();
            await docker.WaitForExitAsync();
            count = names.Split('\n').Count(n => n.Contains(owner, StringComparison.Ordinal) && n.Contains("prewarm", StringComparison.Ordinal));
            if (count < expected)
            {
                await Task.Delay(500);
            }
        }

        return count;
    }
}
