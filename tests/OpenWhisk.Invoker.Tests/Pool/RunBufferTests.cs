using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

[TestFixture]
public sealed class RunBufferTests
{
    [Test]
    public void Buffers_activations_in_arrival_order_when_no_memory_is_free() => PoolHarness.Run(
        async pool =>
        {
            var running = Job(Action("long"), simulate: new { durationMs = 2000 }, time: pool.Time);
            var first = Job(Action("first"), time: pool.Time);
            var second = Job(Action("second"), time: pool.Time);
            var third = Job(Action("third"), time: pool.Time);
            pool.Pool.Run(running);
            await pool.Delay(TimeSpan.FromMilliseconds(500));
            pool.Pool.Run(first);
            pool.Pool.Run(second);
            pool.Pool.Run(third);
            await pool.Delay(TimeSpan.FromMilliseconds(1));
            var whileBusy = await pool.SnapshotAsync();

            var records = new[]
            {
                await pool.Reporter.RecordOf(first.Message.ActivationId),
                await pool.Reporter.RecordOf(second.Message.ActivationId),
                await pool.Reporter.RecordOf(third.Message.ActivationId),
            };

            Assert.Multiple(() =>
            {
                Assert.That(whileBusy.Buffered, Is.EqualTo(new[] { first, second, third }.Select(j => j.Message.ActivationId)));
                Assert.That(records.Select(r => r.Start), Is.Ordered.Ascending, "the buffer is first in, first out");
                Assert.That(records.All(r => r.Response.IsSuccess), Is.True);
                Assert.That(pool.Pool.Counters.BufferedMax, Is.EqualTo(3));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 256 });

    [Test]
    public void New_activations_queue_behind_the_buffered_head_even_when_they_would_fit() => PoolHarness.Run(
        async pool =>
        {
            var concurrent = Action("concurrent", concurrency: 2);
            var head = Job(Action("needs-memory"), time: pool.Time);
            var wouldFit = Job(concurrent, simulate: new { durationMs = 10 }, time: pool.Time);
            pool.Pool.Run(Job(concurrent, simulate: new { durationMs = 1000 }, time: pool.Time));
            await pool.Delay(TimeSpan.FromMilliseconds(500));

            pool.Pool.Run(head);
            pool.Pool.Run(wouldFit);
            await pool.Delay(TimeSpan.FromMilliseconds(1));
            var snapshot = await pool.SnapshotAsync();
            var headRecord = await pool.Reporter.RecordOf(head.Message.ActivationId);
            var laterRecord = await pool.Reporter.RecordOf(wouldFit.Message.ActivationId);

            Assert.Multiple(() =>
            {
                Assert.That(snapshot.Buffered, Is.EqualTo(new[] { head.Message.ActivationId, wouldFit.Message.ActivationId }),
                    "the second job could share the running container, but waits behind the head");
                Assert.That(laterRecord.Start, Is.GreaterThanOrEqualTo(headRecord.Start));
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 256 });

    [Test]
    public void Credits_the_feed_once_per_finished_activation() => PoolHarness.Run(
        async pool =>
        {
            var jobs = Enumerable.Range(0, 6).Select(i => Job(Action("a" + (i % 3)), time: pool.Time)).ToList();
            foreach (var job in jobs)
            {
                pool.Pool.Run(job);
            }

            foreach (var job in jobs)
            {
                await pool.Reporter.RecordOf(job.Message.ActivationId);
            }

            await pool.Delay(TimeSpan.FromMilliseconds(1));
            Assert.That(pool.Finished, Is.EqualTo(6));
        },
        new ContainerPoolOptions { UserMemoryMb = 512 });

    [Test]
    public void Ends_buffered_activations_with_a_whisk_error_on_shutdown() => PoolHarness.Run(
        async pool =>
        {
            pool.Pool.Run(Job(Action("long"), simulate: new { durationMs = 2000 }, time: pool.Time));
            var waiting = Job(Action("waiting"), blocking: false, time: pool.Time);
            pool.Pool.Run(waiting);
            await pool.Delay(TimeSpan.FromMilliseconds(100));

            var shutdown = pool.Pool.ShutdownAsync();
            var record = await pool.Reporter.RecordOf(waiting.Message.ActivationId);
            await shutdown;

            Assert.Multiple(() =>
            {
                Assert.That(record.Response.IsWhiskError, Is.True);
                Assert.That(pool.Factory.LiveContainers, Is.Empty, "shutdown removes every container");
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 256 });
}
