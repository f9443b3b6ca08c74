using System.Text.Json;

namespace OpenWhisk.Plugins.Swarm.Tests;

/// <summary>
/// The real standalone with <c>Spi:ContainerFactory=swarm</c> on a one-node Swarm: actions run in Swarm services,
/// warm calls reuse them, a service removed from outside mid-run ends that activation with a developer error, an
/// action that exhausts its memory is told so, and stopping the standalone leaves no service behind.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SwarmStandaloneTests
{
    private StandaloneProcess standalone = null!;
    private HttpClient client = null!;

    /// <summary>Gets the owner label of the standalone's containers (<c>wsk&lt;unique name&gt;0</c>).</summary>
    private string Owner => "wsk" + standalone.Owner + "0";

    [OneTimeSetUp]
    public async Task StartStandalone()
    {
        await SwarmCluster.RequireAsync();
        standalone = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Spi:ContainerFactory"] = "swarm",
            ["Limits:InvocationsPerMinute"] = "10000",
            ["Limits:ConcurrentInvocations"] = "100",
        });
        client = standalone.Client();
    }

    [OneTimeTearDown]
    public async Task StopStandalone()
    {
        client?.Dispose();
        if (standalone is not null)
        {
            await standalone.DisposeAsync();
        }
    }

    [Test, Order(1)]
    public async Task Runs_cold_and_warm_invocations_in_a_labelled_swarm_service()
    {
        var (put, _) = await client.PutActionAsync("swarmhello", "nodejs:20", "function main(p) { return { hello: p.name, host: require('os').hostname() }; }");
        Assert.That(put, Is.EqualTo(200));

        var (coldStatus, cold) = await client.InvokeAsync("swarmhello", new { name = "cold" });
        var (warmStatus, warm) = await client.InvokeAsync("swarmhello", new { name = "warm" });
        var services = await SwarmCluster.ServicesOfAsync(Owner);

        Assert.Multiple(() =>
        {
            Assert.That(coldStatus, Is.EqualTo(200), cold.ToString());
            Assert.That(Result(cold).GetProperty("hello").GetString(), Is.EqualTo("cold"));
            Assert.That(cold.Annotation("initTime"), Is.Not.Null, "the first call initializes a container");
            Assert.That(warmStatus, Is.EqualTo(200), warm.ToString());
            Assert.That(Result(warm).GetProperty("hello").GetString(), Is.EqualTo("warm"));
            Assert.That(warm.Annotation("initTime"), Is.Null, "the second call reuses the warm container");
            Assert.That(Result(warm).GetProperty("host").GetString(), Is.EqualTo(Result(cold).GetProperty("host").GetString()));
            Assert.That(
                services.Where(s => s.Spec.Labels.TryGetValue("net.openwhisk.action", out var action) && action == "guest/swarmhello")
                    .Select(s => s.Spec.Labels["net.openwhisk.kind"]),
                Is.EqualTo(new[] { "nodejs:20" }));
            Assert.That(services.Select(s => s.Spec.Labels.ContainsKey("net.openwhisk.created")), Is.All.True, "labelled with their creation time");
        });
    }

    [Test, Order(2)]
    public async Task A_service_removed_mid_run_ends_the_activation_with_a_developer_error_and_the_next_call_gets_a_fresh_container()
    {
        const string Slow = "async function main(p) { if (p.sleep) await new Promise(r => setTimeout(r, p.sleep)); return { host: require('os').hostname() }; }";
        var (put, _) = await client.PutActionAsync("swarmslow", "nodejs:20", Slow);
        Assert.That(put, Is.EqualTo(200));
        var (firstStatus, first) = await client.InvokeAsync("swarmslow");
        Assert.That(firstStatus, Is.EqualTo(200), first.ToString());
        var victim = await SwarmCluster.ServiceOfHostAsync(Result(first).GetProperty("host").GetString()!);

        var running = client.InvokeAsync("swarmslow", new { sleep = 20_000 });
        await Task.Delay(1500);
        using (var docker = SwarmCluster.Client())
        {
            await docker.Swarm.RemoveServiceAsync(victim);
        }

        var (brokenStatus, broken) = await running;
        var (nextStatus, next) = await client.InvokeAsync("swarmslow");
        var fresh = nextStatus == 200 ? await SwarmCluster.ServiceOfHostAsync(Result(next).GetProperty("host").GetString()!) : null;
        var services = (await SwarmCluster.ServicesOfAsync(Owner)).Select(s => s.ID).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(brokenStatus, Is.EqualTo(502), broken.ToString());
            Assert.That(broken.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(nextStatus, Is.EqualTo(200), next.ToString());
            Assert.That(next.Annotation("initTime"), Is.Not.Null, "a fresh container is initialized");
            Assert.That(fresh, Is.Not.EqualTo(victim));
            Assert.That(services, Does.Contain(fresh).And.Not.Contain(victim));
        });
    }

    [Test, Order(3)]
    public async Task An_action_that_exhausts_its_memory_ends_with_a_developer_error_and_its_service_is_removed()
    {
        const string Hungry = "function main() { const kept = []; for (;;) { kept.push(Buffer.alloc(16 * 1024 * 1024, 1)); } }";
        var (put, _) = await client.PutActionAsync("swarmhungry", "nodejs:20", Hungry, new { limits = new { memory = 128 } });
        Assert.That(put, Is.EqualTo(200));

        var (status, record) = await client.InvokeAsync("swarmhungry");
        var removed = await Eventually.TrueAsync(async () => !(await SwarmCluster.ServicesOfAsync(Owner)).Any(s => s.Spec.Labels.TryGetValue("net.openwhisk.action", out var action) && action == "guest/swarmhungry"));

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(502), record.ToString());
            Assert.That(record.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("The action exhausted its memory and was aborted."));
            Assert.That(removed, Is.True, "the service is removed");
        });
    }

    [Test, Order(4)]
    public async Task Stopping_the_standalone_removes_every_service_it_created()
    {
        Assert.That(await SwarmCluster.ServicesOfAsync(Owner), Is.Not.Empty, "the earlier tests left warm containers");

        await standalone.StopAsync();

        Assert.That(await SwarmCluster.ServicesOfAsync(Owner), Is.Empty);
    }

    private static JsonElement Result(JsonElement record) => record.GetProperty("response").GetProperty("result");
}
