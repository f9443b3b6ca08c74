using OpenWhisk.Plugins.Direct.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Plugins.Direct.Tests.Unit;

/// <summary>The direct balancer pauses idle containers as the invoker's pool does, and keeps stem cells.</summary>
[TestFixture]
public sealed class DirectPausingAndStemCellTests
{
    [Test]
    public async Task Pauses_an_idle_container_after_the_pause_grace_and_resumes_it_for_the_next_activation()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { PauseGrace = TimeSpan.FromSeconds(1) });
        var action = DirectHarness.Action("sleepy");
        await harness.InvokeAsync(action);
        var container = harness.Factory.Containers.Single();

        var paused = await DirectHarness.Eventually(() => container.Paused);
        var record = await harness.InvokeAsync(action);

        Assert.Multiple(() =>
        {
            Assert.That(paused, Is.True, "paused once idle for the grace");
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(container.Paused, Is.False, "resumed for the activation");
            Assert.That(container.RunCount, Is.EqualTo(2), "the same container ran it");
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_paused_container_that_cannot_be_resumed_is_replaced_without_failing_the_activation()
    {
        await using var harness = new DirectHarness(new DirectLoadBalancerOptions { PauseGrace = TimeSpan.FromMilliseconds(200) });
        var action = DirectHarness.Action("gone");
        await harness.InvokeAsync(action);
        var container = harness.Factory.Containers.Single();
        await DirectHarness.Eventually(() => container.Paused);
        await container.DestroyAsync(CancellationToken.None);

        var record = await harness.InvokeAsync(action);

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(harness.Factory.CreatedCount, Is.EqualTo(2), "a fresh container ran it");
        });
    }

    [Test]
    public async Task An_activation_of_the_stem_cells_kind_and_memory_takes_one_instead_of_starting_a_container()
    {
        var options = new DirectLoadBalancerOptions();
        options.StemCells.Add(new DirectStemCellOptions { Kind = "nodejs:20", MemoryMb = 256, Count = 1 });
        await using var harness = new DirectHarness(options, new SimulationOptions { CreateLatency = TimeSpan.FromMilliseconds(300) });
        await harness.Balancer.StartAsync(CancellationToken.None);
        var started = await DirectHarness.Eventually(() => harness.Factory.LiveContainers.Count == 1 && harness.Factory.LiveContainers[0].Request.ActionName is null);
        var stemCell = harness.Factory.LiveContainers.Single();

        var record = await harness.InvokeAsync(DirectHarness.Action("quick"));
        var replaced = await DirectHarness.Eventually(() => harness.Balancer.StemCellCount == 1 && harness.Factory.CreatedCount == 2);

        Assert.Multiple(() =>
        {
            Assert.That(started, Is.True, "a stem cell is started at once, for no action");
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(stemCell.ActivationIds, Is.EqualTo(new[] { record.ActivationId }), "the stem cell ran it");
            Assert.That(stemCell.Initialized, Is.True);
            Assert.That(record.Annotations.Find("waitTime")!.Value.GetInt64(), Is.LessThan(300), "no container start on its way");
            Assert.That(harness.Factory.Containers.Where(c => c.Request.ActionName is not null), Is.Empty, "no container was created for the action");
            Assert.That(replaced, Is.True, "a new stem cell replaces the one taken");
            Assert.That(harness.Balancer.UsedMemoryMb, Is.EqualTo(512));
        });
    }

    [Test]
    public async Task An_activation_of_another_memory_leaves_the_stem_cell_alone()
    {
        var options = new DirectLoadBalancerOptions();
        options.StemCells.Add(new DirectStemCellOptions { Kind = "nodejs:20", MemoryMb = 256, Count = 1 });
        await using var harness = new DirectHarness(options);
        await harness.Balancer.StartAsync(CancellationToken.None);
        await DirectHarness.Eventually(() => harness.Factory.LiveContainers.Count == 1);

        var record = await harness.InvokeAsync(DirectHarness.Action("bigger", memoryMb: 512));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.Success));
            Assert.That(harness.Factory.Containers.Single(c => c.ActivationIds.Contains(record.ActivationId)).Request.MemoryMb, Is.EqualTo(512));
            Assert.That(harness.Balancer.StemCellCount, Is.EqualTo(1));
            Assert.That(harness.Balancer.UsedMemoryMb, Is.EqualTo(768));
        });
    }

    [Test]
    public async Task A_stem_cell_that_cannot_be_created_is_retried_with_a_doubling_delay_not_at_once()
    {
        var options = new DirectLoadBalancerOptions();
        options.StemCells.Add(new DirectStemCellOptions { Kind = "broken:1", MemoryMb = 256, Count = 2 });
        await using var harness = new DirectHarness(options);
        await harness.Balancer.StartAsync(CancellationToken.None);

        await Task.Delay(TimeSpan.FromSeconds(5));
        var attempts = harness.Factory.CreateAttempts;

        Assert.Multiple(() =>
        {
            // Rounds of two at 0 s, 1 s and 3 s; the next one is due at 7 s.
            Assert.That(attempts, Is.EqualTo(6));
            Assert.That(harness.Balancer.StemCellCount, Is.Zero);
            Assert.That(harness.Balancer.UsedMemoryMb, Is.Zero, "no memory held for stem cells that failed");
        });
    }
}
