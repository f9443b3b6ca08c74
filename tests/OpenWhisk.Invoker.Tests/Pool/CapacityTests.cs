using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>The pool's capacity follows what a cluster-manager factory reports instead of the configured user memory.</summary>
[TestFixture]
public sealed class CapacityTests
{
    [Test]
    public void A_larger_capacity_places_a_buffered_activation_at_once() => PoolHarness.Run(
        async pool =>
        {
            var running = Job(Action("long"), simulate: new { durationMs = 5000 }, time: pool.Time);
            var waiting = Job(Action("waiting"), time: pool.Time);
            pool.Pool.Run(running);
            await pool.Delay(TimeSpan.FromMilliseconds(500));
            pool.Pool.Run(waiting);
            await pool.Delay(TimeSpan.FromMilliseconds(1));
            var before = await pool.SnapshotAsync();

            pool.Pool.SetCapacity(512);
            var waited = await pool.Reporter.RecordOf(waiting.Message.ActivationId);
            var after = await pool.SnapshotAsync();
            var long1 = await pool.Reporter.RecordOf(running.Message.ActivationId);

            Assert.Multiple(() =>
            {
                Assert.That(before.Buffered, Is.EqualTo(new[] { waiting.Message.ActivationId }));
                Assert.That(before.CapacityMb, Is.EqualTo(256));
                Assert.That(after.CapacityMb, Is.EqualTo(512));
                Assert.That(waited.Response.IsSuccess, Is.True);
                Assert.That(waited.End, Is.LessThan(long1.End), "it ran beside the long activation instead of after it");
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 256 });

    [Test]
    public void A_smaller_capacity_buffers_what_no_longer_fits() => PoolHarness.Run(
        async pool =>
        {
            var running = Job(Action("long"), simulate: new { durationMs = 5000 }, time: pool.Time);
            pool.Pool.Run(running);
            await pool.Delay(TimeSpan.FromMilliseconds(500));

            pool.Pool.SetCapacity(256);
            var second = Job(Action("second"), time: pool.Time);
            pool.Pool.Run(second);
            await pool.Delay(TimeSpan.FromMilliseconds(1));
            var snapshot = await pool.SnapshotAsync();
            var record = await pool.Reporter.RecordOf(second.Message.ActivationId);
            var long1 = await pool.Reporter.RecordOf(running.Message.ActivationId);

            Assert.Multiple(() =>
            {
                Assert.That(snapshot.Buffered, Is.EqualTo(new[] { second.Message.ActivationId }), "512 MB configured, but the cluster has 256 MB");
                Assert.That(record.Response.IsSuccess, Is.True);
                Assert.That(record.Start, Is.GreaterThanOrEqualTo(long1.End));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 512 });

    [Test]
    public void The_watcher_hands_the_pool_each_capacity_the_factory_reports()
    {
        var cluster = new SimulationOptions();
        PoolHarness.Run(
            async pool =>
            {
                await using var watcher = new PoolCapacityWatcher(pool.Factory, "wsk0", pool.Pool.SetCapacity, 2048, TimeSpan.FromSeconds(10), pool.Time, NullLogger.Instance);

                cluster.CapacityMb = 4096;
                await pool.Delay(TimeSpan.FromSeconds(11));
                var grown = await pool.SnapshotAsync();
                cluster.CapacityMb = 1024;
                await pool.Delay(TimeSpan.FromSeconds(10));
                var shrunk = await pool.SnapshotAsync();
                cluster.CapacityMb = null;
                await pool.Delay(TimeSpan.FromSeconds(10));
                var unknown = await pool.SnapshotAsync();

                Assert.Multiple(() =>
                {
                    Assert.That(grown.CapacityMb, Is.EqualTo(4096));
                    Assert.That(shrunk.CapacityMb, Is.EqualTo(1024));
                    Assert.That(unknown.CapacityMb, Is.EqualTo(1024), "an unknown answer keeps the last capacity");
                });
            },
            new ContainerPoolOptions { UserMemoryMb = 2048 },
            cluster);
    }
}
