using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

[TestFixture]
public sealed class PauseTests
{
    [Test]
    public void Pauses_an_idle_container_when_the_pause_grace_ends() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("hello"), time: pool.Time));
        var container = pool.ContainerOf(record);

        await pool.Delay(TimeSpan.FromSeconds(9.9));
        var pausedEarly = container.Paused;
        await pool.Delay(TimeSpan.FromSeconds(0.2));

        Assert.Multiple(() =>
        {
            Assert.That(pausedEarly, Is.False, "still within the 10 s grace");
            Assert.That(container.Paused, Is.True);
        });
    });

    [Test]
    public void Does_not_pause_when_the_next_activation_arrives_within_the_grace() => PoolHarness.Run(async pool =>
    {
        var action = Action("hello");
        var first = await pool.InvokeAsync(Job(action, time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(9));
        var second = await pool.InvokeAsync(Job(action, time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(5));
        var container = pool.ContainerOf(first);
        var events = pool.EventsSoFar().Where(e => e.ContainerId == container.Id).Select(e => e.Kind).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(pool.ContainerOf(second), Is.SameAs(container));
            Assert.That(events, Does.Not.Contain(SimulatedContainerEventKind.Paused), "the second run restarted the grace");
            Assert.That(second.Annotation("waitTime")!.Value.GetInt64(), Is.Zero, "no unpause on the hot path");
        });

        await pool.Delay(TimeSpan.FromSeconds(6));
        Assert.That(container.Paused, Is.True, "paused 10 s after the second run");
    });

    [Test]
    public void Resumes_a_paused_container_for_the_next_activation() => PoolHarness.Run(async pool =>
    {
        var action = Action("hello");
        var first = await pool.InvokeAsync(Job(action, time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(30));
        var second = await pool.InvokeAsync(Job(action, time: pool.Time));
        var container = pool.ContainerOf(first);
        var events = pool.EventsSoFar().Where(e => e.ContainerId == container.Id).Select(e => e.Kind).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(pool.ContainerOf(second), Is.SameAs(container));
            Assert.That(events, Is.EqualTo(new[]
            {
                SimulatedContainerEventKind.Created, SimulatedContainerEventKind.Initialized, SimulatedContainerEventKind.Ran,
                SimulatedContainerEventKind.Paused, SimulatedContainerEventKind.Resumed, SimulatedContainerEventKind.Ran,
            }));
            Assert.That(pool.Pool.Counters.WarmStarts, Is.EqualTo(1));
            Assert.That(second.Annotation("initTime"), Is.Null);
        });
    });

    [Test]
    public void Removes_a_paused_container_after_the_idle_timeout() => PoolHarness.Run(
        async pool =>
        {
            var record = await pool.InvokeAsync(Job(Action("hello"), time: pool.Time));
            var container = pool.ContainerOf(record);

            await pool.Delay(TimeSpan.FromSeconds(10 + 59));
            var keptWhilePaused = !container.Destroyed && container.Paused;
            await pool.Delay(TimeSpan.FromSeconds(2));
            var snapshot = await pool.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(keptWhilePaused, Is.True);
                Assert.That(container.Destroyed, Is.True, "removed after grace + idle timeout");
                Assert.That(snapshot.Entries, Is.Empty);
                Assert.That(snapshot.UsedMemoryMb, Is.Zero);
            });
        },
        new ContainerPoolOptions { PauseGrace = TimeSpan.FromSeconds(10), IdleTimeout = TimeSpan.FromMinutes(1) });
}
