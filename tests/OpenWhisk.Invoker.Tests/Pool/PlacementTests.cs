using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Entities;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

[TestFixture]
public sealed class PlacementTests
{
    [Test]
    public void Cold_starts_a_container_for_the_first_activation() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("hello"), time: pool.Time, parameters: new { name = "world" }));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True);
            Assert.That(record.Response.Result!.Value.GetProperty("name").GetString(), Is.EqualTo("world"));
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(1));
            Assert.That(record.Annotation("initTime")!.Value.GetInt64(), Is.EqualTo(10), "the simulated /init takes 10 ms");
            Assert.That(record.Annotation("waitTime")!.Value.GetInt64(), Is.EqualTo(300), "the wait includes creating the container");
            Assert.That(record.Duration, Is.EqualTo(11), "the duration includes /init");
        });
    });

    [Test]
    public void Reuses_the_warm_container_for_the_same_action_and_namespace() => PoolHarness.Run(async pool =>
    {
        var action = Action("hello");
        var first = await pool.InvokeAsync(Job(action, time: pool.Time));
        var second = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(pool.ContainerOf(second), Is.SameAs(pool.ContainerOf(first)));
            Assert.That(pool.Pool.Counters.WarmStarts, Is.EqualTo(1));
            Assert.That(second.Annotation("initTime"), Is.Null, "a warm start does not initialize");
            Assert.That(second.Annotation("waitTime")!.Value.GetInt64(), Is.Zero);
        });
    });

    [Test]
    public void Does_not_share_a_warm_container_between_invocation_namespaces() => PoolHarness.Run(async pool =>
    {
        var action = Action("shared");
        var mine = await pool.InvokeAsync(Job(action, invocationNamespace: "alice", time: pool.Time));
        var theirs = await pool.InvokeAsync(Job(action, invocationNamespace: "bob", time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(pool.ContainerOf(theirs), Is.Not.SameAs(pool.ContainerOf(mine)));
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(2));
        });
    });

    [Test]
    public void Does_not_reuse_a_container_holding_another_version_of_the_action() => PoolHarness.Run(async pool =>
    {
        var old = await pool.InvokeAsync(Job(Action("evolving"), time: pool.Time));
        var updated = await pool.InvokeAsync(Job(Action("evolving", version: new SemVer(0, 0, 2)), time: pool.Time));

        Assert.That(pool.ContainerOf(updated), Is.Not.SameAs(pool.ContainerOf(old)));
    });

    [Test]
    public void Evicts_the_least_recently_used_idle_container_when_memory_is_full() => PoolHarness.Run(
        async pool =>
        {
            var a = await pool.InvokeAsync(Job(Action("a"), time: pool.Time));
            var b = await pool.InvokeAsync(Job(Action("b"), time: pool.Time));
            await pool.InvokeAsync(Job(Action("a"), time: pool.Time));

            var c = await pool.InvokeAsync(Job(Action("c"), time: pool.Time));
            await pool.Delay(TimeSpan.FromSeconds(1));

            Assert.Multiple(() =>
            {
                Assert.That(pool.ContainerOf(b).Destroyed, Is.True, "b was used least recently");
                Assert.That(pool.ContainerOf(a).Destroyed, Is.False);
                Assert.That(c.Response.IsSuccess, Is.True);
                Assert.That(pool.Pool.Counters.Evictions, Is.EqualTo(1));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 512 });

    [Test]
    public void An_evicted_container_counts_until_it_is_gone_so_live_containers_never_exceed_the_memory() => PoolHarness.Run(
        async pool =>
        {
            await pool.InvokeAsync(Job(Action("a"), time: pool.Time));
            var b = await pool.InvokeAsync(Job(Action("b"), time: pool.Time));
            await pool.InvokeAsync(Job(Action("a"), time: pool.Time));

            var c = Job(Action("c"), time: pool.Time);
            pool.Pool.Run(c);
            await pool.Delay(TimeSpan.FromMilliseconds(10));
            var attemptsWhileBLeaves = pool.Factory.CreateAttempts;
            var cRecord = await pool.Reporter.RecordOf(c.Message.ActivationId);
            var memoryOf = pool.Factory.Containers.ToDictionary(container => container.Id, container => container.Request.MemoryMb);
            var liveMemory = 0;
            var peak = 0;
            foreach (var e in pool.EventsSoFar())
            {
                liveMemory += e.Kind switch
                {
                    SimulatedContainerEventKind.Created => memoryOf[e.ContainerId],
                    SimulatedContainerEventKind.Destroyed => -memoryOf[e.ContainerId],
                    _ => 0,
                };
                peak = Math.Max(peak, liveMemory);
            }

            Assert.Multiple(() =>
            {
                Assert.That(attemptsWhileBLeaves, Is.EqualTo(2), "c's container is not created while b is being removed");
                Assert.That(pool.ContainerOf(b).Destroyed, Is.True);
                Assert.That(cRecord.Response.IsSuccess, Is.True);
                Assert.That(peak, Is.LessThanOrEqualTo(512), "the live containers never hold more than the pool's memory");
                Assert.That(pool.Pool.Counters.Evictions, Is.EqualTo(1));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 512 });

    [Test]
    public void Never_evicts_a_container_that_is_running() => PoolHarness.Run(
        async pool =>
        {
            var busy = Job(Action("busy"), simulate: new { durationMs = 5000 }, time: pool.Time);
            pool.Pool.Run(busy);
            await pool.Delay(TimeSpan.FromSeconds(1));

            var waiting = Job(Action("waiting"), time: pool.Time);
            pool.Pool.Run(waiting);
            await pool.Delay(TimeSpan.FromMilliseconds(100));
            var snapshot = await pool.SnapshotAsync();
            var busyRecord = await pool.Reporter.RecordOf(busy.Message.ActivationId);
            var waitingRecord = await pool.Reporter.RecordOf(waiting.Message.ActivationId);

            Assert.Multiple(() =>
            {
                Assert.That(snapshot.Buffered, Is.EqualTo(new[] { waiting.Message.ActivationId }));
                Assert.That(busyRecord.Response.IsSuccess, Is.True);
                Assert.That(waitingRecord.Start, Is.GreaterThanOrEqualTo(busyRecord.End), "placed once the busy container was idle");
                Assert.That(pool.Pool.Counters.Evictions, Is.EqualTo(1));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 256 });

    [Test]
    public void Sends_activations_to_new_containers_with_openwhisk_cpu_shares_and_names() => PoolHarness.Run(
        async pool =>
        {
            var record = await pool.InvokeAsync(Job(Action("Hello-World.v1", memoryMb: 256), invocationNamespace: "guest", time: pool.Time));
            var request = pool.ContainerOf(record).Request;

            Assert.Multiple(() =>
            {
                Assert.That(request.CpuShares, Is.EqualTo(128), "1024 / (2048 / 256)");
                Assert.That(request.MemoryMb, Is.EqualTo(256));
                Assert.That(request.Name, Does.Match("^wsk0_[0-9]+_guest_HelloWorldv1$"));
                Assert.That(request.Owner, Is.EqualTo("wsk0"));
                Assert.That(request.Image, Is.EqualTo("action-nodejs-v20"));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 2048 });

    [Test]
    public void Runs_a_blackbox_action_in_its_own_image() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("box", kind: "blackbox", image: "me/my-proxy:1"), time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True);
            Assert.That(pool.ContainerOf(record).Request.Image, Is.EqualTo("me/my-proxy:1"));
            Assert.That(pool.ContainerOf(record).Request.UserProvidedImage, Is.True);
        });
    });
}
