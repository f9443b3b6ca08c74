using System.Globalization;
using System.Text.Json;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>
/// Distributed mode with <c>Spi:ContainerFactory=swarm</c> on the invoker alone: a controller and a separate invoker
/// over Kafka (librdkafka's mock cluster), the invoker running actions as Swarm services and sizing its pool by the
/// cluster's capacity instead of its configured user memory.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmDistributedTests
{
    [Test]
    public async Task A_separate_invoker_runs_actions_in_swarm_services_and_takes_its_capacity_from_the_cluster()
    {
        await SwarmCluster.RequireAsync();
        await using var platform = await DistributedPlatform.StartAsync(1, new Dictionary<string, string> { ["Spi:ContainerFactory"] = "swarm" });
        using var client = platform.Client();
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(30));

        var (put, _) = await client.PutActionAsync("distributed", "nodejs:20", "function main(p) { return { twice: 2 * p.n }; }");
        var (status, record) = await client.InvokeAsync("distributed", new { n = 21 });
        var services = await SwarmCluster.ServicesOfAsync(platform.Owner(0));
        var pool = JsonDocument.Parse(await PoolJsonAsync(platform)).RootElement;

        Assert.Multiple(() =>
        {
            Assert.That(put, Is.EqualTo(200));
            Assert.That(status, Is.EqualTo(200), record + "\n" + platform.Logs());
            Assert.That(record.GetProperty("response").GetProperty("result").GetProperty("twice").GetInt32(), Is.EqualTo(42));
            Assert.That(services, Is.Not.Empty);
            Assert.That(pool.GetProperty("capacityMb").GetInt32(), Is.Not.EqualTo(2048).And.GreaterThan(1024), "the cluster's capacity, not the configured 2048 MB");
        });
    }

    private static async Task<string> PoolJsonAsync(DistributedPlatform platform)
    {
        var pools = await platform.PoolsAsync();
        var json = pools[pools.IndexOf('{', StringComparison.Ordinal)..];
        Assert.That(pools, Does.StartWith(200.ToString(CultureInfo.InvariantCulture)));
        return json;
    }
}
