using OpenWhisk.Controller.LoadBalancing;
using OpenWhisk.Plugins.Direct.Tests.Support;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Direct.Tests.Unit;

[TestFixture]
public sealed class DirectLoadBalancerTests
{
    [Test]
    public async Task Packs_100_concurrent_activations_of_a_concurrency_10_action_into_at_most_10_containers()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("packed", concurrency: 10);

        var records = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => harness.InvokeAsync(action, new { durationMs = 200 })));

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Response.StatusCode), Is.All.EqualTo(ActivationStatus.Success));
            Assert.That(harness.Factory.CreatedCount, Is.LessThanOrEqualTo(10));
            Assert.That(harness.Factory.Containers.Max(c => c.MaxConcurrentRuns), Is.LessThanOrEqualTo(10));
            Assert.That(records.Select(r => r.Annotations.Find("balancer")?.GetString()), Is.All.EqualTo("direct"));
            Assert.That(harness.Balancer.TotalActiveActivations, Is.Zero);
        });
    }

    [Test]
    public async Task Collects_logs_of_activations_sharing_a_container_best_effort_and_keeps_the_container()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("chatty", concurrency: 10);

        var records = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => harness.InvokeAsync(action, new { durationMs = 100, logs = new[] { "hello" } })));

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Response.StatusCode), Is.All.EqualTo(ActivationStatus.Success));
            Assert.That(records.Select(r => r.Logs.LastOrDefault()), Has.All.Contains("best-effort basis"));
            Assert.That(records.Sum(r => r.Logs.Count(line => line.EndsWith("stdout: hello", StringComparison.Ordinal))), Is.EqualTo(10), "no line is lost");
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(1));
            Assert.That(harness.Balancer.ContainerCount, Is.EqualTo(1), "an incomplete read does not condemn a shared container");
        });
    }

    [Test]
    public async Task Refuses_an_action_without_intra_container_concurrency()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("single", concurrency: 1);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Balancer.CanRun(action), Is.False);
            Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => harness.Balancer.PublishAsync(action, DirectHarness.Message(action), CancellationToken.None));
            Assert.That(harness.Factory.CreatedCount, Is.Zero);
        });
    }

    [Test]
    public async Task Reuses_the_warm_container_and_initializes_it_once()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("warm");

        var first = await harness.InvokeAsync(action);
        var second = await harness.InvokeAsync(action);

        Assert.Multiple(() =>
        {
            Assert.That(first.Annotations.Find("initTime"), Is.Not.Null);
            Assert.That(second.Annotations.Find("initTime"), Is.Null);
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_container_whose_action_exited_is_replaced_for_the_next_activation()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("fragile");

        var crashed = await harness.InvokeAsync(action, new { outcome = "exit" });
        var next = await harness.InvokeAsync(action);

        Assert.Multiple(() =>
        {
            Assert.That(crashed.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(next.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(2));
        });
        Assert.That(await DirectHarness.Eventually(() => harness.Factory.LiveContainers.Count == 1), Is.True, "the dead container was removed");
    }

    [Test]
    public async Task A_warm_container_that_died_between_activations_is_replaced_without_failing_the_activation()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("killed");
        await harness.InvokeAsync(action);

        // The caller may have its answer before the container is back in the pool: it dies once it is.
        Assert.That(await DirectHarness.Eventually(() => harness.Balancer.IdleContainerCount == 1), Is.True, "the container went back to the pool");
        harness.Factory.LiveContainers.Single().Kill();

        var record = await harness.InvokeAsync(action);

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_failed_container_start_ends_every_activation_that_waited_for_it()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("broken", kind: "broken:1");

        var records = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => harness.InvokeAsync(action)));

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Response.StatusCode), Is.All.EqualTo(ActivationStatus.WhiskError));
            Assert.That(harness.Balancer.ContainerCount, Is.Zero);
            Assert.That(harness.Balancer.UsedMemoryMb, Is.Zero);
        });
    }

    [Test]
    public async Task Waits_for_room_when_the_memory_budget_is_full()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 256 });
        var action = DirectHarness.Action("tight", concurrency: 2, memoryMb: 256);

        var records = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => harness.InvokeAsync(action, new { durationMs = 50 })));

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Response.StatusCode), Is.All.EqualTo(ActivationStatus.Success));
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(1));
            Assert.That(harness.Factory.Containers.Single().MaxConcurrentRuns, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Gives_containers_cpu_shares_in_proportion_to_their_memory_as_the_pool_does()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 1024 });

        await harness.InvokeAsync(DirectHarness.Action("quarter", memoryMb: 256));
        await harness.InvokeAsync(DirectHarness.Action("half", memoryMb: 512));

        Assert.That(
            harness.Factory.Containers.OrderBy(c => c.Request.MemoryMb).Select(c => c.Request.CpuShares),
            Is.EqualTo(new[] { 256, 512 }),
            "1024 shares over the budget, like OpenWhisk's pool");
    }

    [Test]
    public async Task Activations_waiting_for_room_get_it_first_in_first_out()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 256 });
        var holder = harness.InvokeAsync(DirectHarness.Action("holder", concurrency: 2), new { durationMs = 300 });
        await Task.Delay(100);
        var waiting = new List<Task<ActivationRecord>>();
        for (var i = 0; i < 6; i++)
        {
            waiting.Add(harness.InvokeAsync(DirectHarness.Action("waiter" + i, concurrency: 2), new { durationMs = 20 }));
            await Task.Delay(10);
        }

        await holder;
        var records = await Task.WhenAll(waiting);

        Assert.That(records.Select(r => r.Name), Is.EqualTo(Enumerable.Range(0, 6).Select(i => "waiter" + i)));
        Assert.That(records.Select(r => r.Start), Is.Ordered, "each got the room in the order it asked");
    }

    [Test]
    public async Task Removes_the_least_recently_used_idle_container_of_another_action_when_memory_is_full()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 512 });
        await harness.InvokeAsync(DirectHarness.Action("old"));
        await harness.InvokeAsync(DirectHarness.Action("recent"));

        await harness.InvokeAsync(DirectHarness.Action("new"));

        var live = await DirectHarness.Eventually(() => harness.Factory.LiveContainers.Count == 2 && harness.Balancer.UsedMemoryMb == 512);
        Assert.Multiple(() =>
        {
            Assert.That(live, Is.True);
            Assert.That(harness.Factory.LiveContainers.Select(c => c.Request.Name), Has.None.Contains("_old"));
            Assert.That(harness.Balancer.UsedMemoryMb, Is.EqualTo(512));
        });
    }

    [Test]
    public async Task Removes_idle_containers_after_the_idle_timeout()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { IdleTimeout = TimeSpan.FromMilliseconds(300) });
        await harness.InvokeAsync(DirectHarness.Action("idle"));

        var removed = await DirectHarness.Eventually(() => harness.Factory.LiveContainers.Count == 0 && harness.Balancer.UsedMemoryMb == 0);

        Assert.Multiple(() =>
        {
            Assert.That(removed, Is.True);
            Assert.That(harness.Balancer.ContainerCount, Is.Zero);
            Assert.That(harness.Balancer.UsedMemoryMb, Is.Zero);
        });
    }

    [Test]
    public async Task Counts_its_activations_in_flight_for_the_concurrency_throttle()
    {
        await using var harness = new DirectHarness();
        var action = DirectHarness.Action("counted");
        var messages = Enumerable.Range(0, 3).Select(_ => DirectHarness.Message(action, new { durationMs = 300 })).ToList();

        var publications = new List<ActivationPublication>();
        foreach (var message in messages)
        {
            publications.Add(await harness.Balancer.PublishAsync(action, message, CancellationToken.None));
        }

        var during = harness.Balancer.ActiveActivationsFor("guest-uuid");
        await Task.WhenAll(publications.Select(p => p.Completion));

        Assert.Multiple(() =>
        {
            Assert.That(during, Is.EqualTo(3));
            Assert.That(harness.Balancer.ActiveActivationsFor("guest-uuid"), Is.Zero);
        });
    }

    [Test]
    public async Task An_activation_whose_container_never_answers_ends_at_its_completion_timeout_with_a_stored_record_and_frees_its_slot()
    {
        // max(60 s, timeout) × 0.02 = 1.2 s: the completion timeout, shortened; the container hangs for 10 s.
        await using var harness = new DirectHarness(balancing: new LoadBalancerOptions { TimeoutFactor = 0.02, TimeoutAddon = TimeSpan.Zero });
        await harness.Balancer.StartAsync(CancellationToken.None);
        var action = DirectHarness.Action("silent", timeoutMs: 10_000);
        var message = DirectHarness.Message(action, new { outcome = "hang" });

        var publication = await harness.Balancer.PublishAsync(action, message, CancellationToken.None);
        var activeWhileWaiting = harness.Balancer.ActiveActivationsFor("guest-uuid");
        var outcome = await publication.Result.WaitAsync(TimeSpan.FromSeconds(8));
        await publication.Completion.WaitAsync(TimeSpan.FromSeconds(2));
        var stored = await harness.Store.GetAsync("guest", message.ActivationId, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(activeWhileWaiting, Is.EqualTo(1));
            Assert.That(outcome.Record!.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError), "the caller is answered before the container gives up");
            Assert.That(stored?.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError), "the record is stored");
            Assert.That(harness.Balancer.ActiveActivationsFor("guest-uuid"), Is.Zero, "the namespace's slot is freed");
        });
    }
}
