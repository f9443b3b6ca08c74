using OpenWhisk.Execution;
using OpenWhisk.Plugins.Direct.Tests.Support;
using OpenWhisk.Spi.Activations;
using OpenWhisk.TestKit.Containers;

namespace OpenWhisk.Plugins.Direct.Tests.Unit;

/// <summary>
/// Where the process also runs an invoker (the standalone platform), the direct balancer's containers and the pool's
/// share one memory budget; a recording holder stands for the pool here.
/// </summary>
[TestFixture]
public sealed class DirectSharedMemoryTests
{
    [Test]
    public async Task Waits_while_the_pool_holds_the_shared_memory_asks_it_for_room_and_runs_once_it_is_freed()
    {
        var budget = new SharedMemoryBudget(512);
        var pool = new RecordingBudgetHolder();
        using var poolShare = budget.Join("pool", pool);
        poolShare.TryHold(512);
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 1024 }, budget: budget);

        var invocation = harness.InvokeAsync(DirectHarness.Action("squeezed"));
        await Task.Delay(500);
        var createdWhileFull = harness.Factory.CreateAttempts;
        poolShare.Hold(256);
        var record = await invocation;

        Assert.Multiple(() =>
        {
            Assert.That(createdWhileFull, Is.Zero, "its own budget has room, the shared one has not");
            Assert.That(pool.ReleaseRequests, Is.Not.Empty.And.All.EqualTo(256), "it asked the pool to give up idle containers");
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(budget.HeldMb, Is.EqualTo(512));
        });
    }

    [Test]
    public async Task Gives_up_idle_containers_when_the_pool_asks_and_holds_their_memory_until_they_are_destroyed()
    {
        var budget = new SharedMemoryBudget(2048);
        var pool = new RecordingBudgetHolder();
        using var poolShare = budget.Join("pool", pool);
        await using var harness = new DirectHarness(budget: budget);
        await harness.InvokeAsync(DirectHarness.Action("older"));
        await Task.Delay(20);
        await harness.InvokeAsync(DirectHarness.Action("newer"));
        var heldBefore = budget.HeldMb;

        poolShare.AskOthersForRoom(200);
        var released = await DirectHarness.Eventually(() => budget.HeldMb == 256);

        Assert.Multiple(() =>
        {
            Assert.That(heldBefore, Is.EqualTo(512));
            Assert.That(released, Is.True);
            Assert.That(harness.Factory.Containers.Single(c => c.Request.ActionName == "guest/older").Destroyed, Is.True, "least recently used first");
            Assert.That(harness.Factory.Containers.Single(c => c.Request.ActionName == "guest/newer").Destroyed, Is.False);
            Assert.That(pool.RoomFreedCount, Is.GreaterThan(0), "the pool heard that room was freed");
        });
    }

    [Test]
    public async Task Gives_up_a_busy_container_once_it_goes_idle_while_the_pool_still_waits_for_room()
    {
        var budget = new SharedMemoryBudget(512);
        using var poolShare = budget.Join("pool", new RecordingBudgetHolder());
        await using var harness = new DirectHarness(budget: budget);
        var busy = harness.InvokeAsync(DirectHarness.Action("busy"), new { durationMs = 500 });
        await DirectHarness.Eventually(() => budget.HeldMb == 256);

        poolShare.AskOthersForRoom(512);
        var heldWhileBusy = budget.HeldMb;
        await busy;
        var released = await DirectHarness.Eventually(() => budget.HeldMb == 0);

        Assert.Multiple(() =>
        {
            Assert.That(heldWhileBusy, Is.EqualTo(256), "a busy container is not taken away");
            Assert.That(released, Is.True, "the open request took it once it was idle");
            Assert.That(harness.Factory.LiveContainers, Is.Empty);
        });
    }

    [Test]
    public async Task An_activation_that_gets_no_room_within_its_time_limit_ends_with_an_error_and_lets_the_next_ones_run()
    {
        var budget = new SharedMemoryBudget(512);
        using var poolShare = budget.Join("pool", new RecordingBudgetHolder());
        poolShare.TryHold(384);
        await using var harness = new DirectHarness(budget: budget);
        var starved = DirectHarness.Action("starved", memoryMb: 256, timeoutMs: 500);

        var record = await harness.InvokeAsync(starved);
        var small = await harness.InvokeAsync(DirectHarness.Action("small", memoryMb: 128));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(record.Response.Result?.ToString(), Does.Contain("no memory became free"));
            Assert.That(small.Response.StatusCode, Is.EqualTo(ActivationStatus.Success), "the line moved on");
        });
    }

    [Test]
    public async Task Refuses_an_action_larger_than_the_shared_memory_so_that_its_resolver_sends_it_elsewhere()
    {
        var budget = new SharedMemoryBudget(512);
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 2048 }, budget: budget);

        Assert.Multiple(() =>
        {
            Assert.That(harness.Balancer.CanRun(DirectHarness.Action("fits", memoryMb: 512)), Is.True);
            Assert.That(harness.Balancer.CanRun(DirectHarness.Action("too-big", memoryMb: 1024)), Is.False);
        });
    }

    [Test]
    public async Task Gives_cpu_shares_over_the_shared_memory_when_it_is_smaller_than_its_own_budget()
    {
        var budget = new SharedMemoryBudget(512);
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { MemoryBudgetMb = 2048 }, budget: budget);

        await harness.InvokeAsync(DirectHarness.Action("shares"));

        Assert.That(harness.Factory.Containers.Single().Request.CpuShares, Is.EqualTo(512));
    }
}
