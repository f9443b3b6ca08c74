using System.Diagnostics;
using System.Globalization;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>A killed invoker's containers are removed by an invoker that outlives it, on real Docker containers.</summary>
[TestFixture]
[NonParallelizable]
public sealed class OrphanContainerTests
{
    private const string ActionCode = "function main() { return { host: require('os').hostname() }; }";

    [SetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [Test]
    public async Task The_surviving_invoker_removes_the_containers_of_one_killed_once_it_stays_silent()
    {
        await using var platform = await DistributedPlatform.StartAsync(
            invokerCount: 2, invokerSettings: new Dictionary<string, string> { ["Invoker:OrphanReapAfter"] = "00:00:05" });
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        await platform.WaitForStateAsync(1, "up", TimeSpan.FromSeconds(60));
        using var client = platform.Client();
        var actions = Enumerable.Range(0, 8).Select(i => "orphan" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        foreach (var action in actions)
        {
            await client.PutActionAsync(action, "nodejs:20", ActionCode, new { limits = new { memory = 128 } });
        }

        // Invocations of eight actions land on both invokers.
        var owners = new HashSet<string>();
        for (var round = 0; round < 5 && owners.Count < 2; round++)
        {
            foreach (var action in actions)
            {
                var (status, body) = await client.InvokeAsync(action, result: true);
                Assert.That(status, Is.EqualTo(200), body.ToString());
                owners.Add(await DistributedPlatform.OwnerOfContainerAsync(body.GetProperty("host").GetString()!));
            }
        }

        Assert.That(owners, Is.EquivalentTo(new[] { platform.Owner(0), platform.Owner(1) }));
        var ofKilled = await ContainersAsync(platform.Owner(1));
        await platform.KillInvokerAsync(1);
        var clock = Stopwatch.StartNew();
        while ((await ContainersAsync(platform.Owner(1))).Count > 0 && clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(500);
        }

        await TestContext.Out.WriteLineAsync($"{ofKilled.Count} container(s) of the killed invoker removed {clock.Elapsed.TotalSeconds:F1} s after SIGKILL");
        var leftOfKilled = await ContainersAsync(platform.Owner(1));
        var ofSurvivor = await ContainersAsync(platform.Owner(0));
        Assert.Multiple(() =>
        {
            Assert.That(ofKilled, Is.Not.Empty);
            Assert.That(leftOfKilled, Is.Empty, "the survivor removed them");
            Assert.That(ofSurvivor, Is.Not.Empty, "and kept its own");
        });
    }

    private static async Task<List<string>> ContainersAsync(string owner)
    {
        using var list = Process.Start(new ProcessStartInfo("docker", ["ps", "-aq", "--filter", "label=net.openwhisk.owner=" + owner]) { RedirectStandardOutput = true })!;
        var ids = (await list.StandardOutput.ReadToEndAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
        await list.WaitForExitAsync();
        return ids;
    }
}
