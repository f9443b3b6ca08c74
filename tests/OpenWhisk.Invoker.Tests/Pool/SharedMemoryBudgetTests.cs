using OpenWhisk.Execution;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.TestKit.Containers;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>
/// The pool shares one memory budget with the other container owners of its process (the direct balancer in the
/// standalone platform): it creates containers only in what they leave, and gives its idle ones up when they ask.
/// </summary>
[TestFixture]
public sealed class SharedMemoryBudgetTests
{
    [Test]
    public void A_cold_start_waits_while_another_holder_holds_the_memory_and_runs_once_it_is_freed()
    {
        var budget = new SharedMemoryBudget(512);
        var direct = new RecordingBudgetHolder();
        using var directShare = budget.Join("direct", direct);
        directShare.TryHold(512);
        PoolHarness.Run(
            async pool =>
            {
                var job = Job(Action("waits"), time: pool.Time);
                pool.Pool.Run(job);
                await pool.Delay(TimeSpan.FromSeconds(5));
                var waiting = await pool.SnapshotAsync();
                var created = pool.Factory.CreateAttempts;

                directShare.Hold(256);
                var record = await pool.Reporter.RecordOf(job.Message.ActivationId);

                Assert.Multiple(() =>
                {
                    Assert.That(waiting.Buffered, Is.EqualTo(new[] { job.Message.ActivationId }), "512 MB of its own, but the direct balancer holds them");
                    Assert.That(created, Is.Zero);
                    Assert.That(direct.ReleaseRequests, Is.Not.Empty.And.All.EqualTo(256), "it asked the other holder for room");
                    Assert.That(record.Response.IsSuccess, Is.True);
                    Assert.That(budget.HeldMb, Is.EqualTo(512), "256 MB each");
                });
            },
            new ContainerPoolOptions { UserMemoryMb = 512 },
            budget: budget);
    }

    [Test]
    public void Its_idle_containers_are_removed_when_another_holder_asks_for_room_and_count_until_destroyed()
    {
        var budget = new SharedMemoryBudget(1024);
        var direct = new RecordingBudgetHolder();
        using var directShare = budget.Join("direct", direct);
        PoolHarness.Run(
            async pool =>
            {
                var busy = Job(Action("busy"), simulate: new { durationMs = 10_000 }, time: pool.Time);
                pool.Pool.Run(busy);
                await pool.InvokeAsync(Job(Action("older"), time: pool.Time));
                await pool.Delay(TimeSpan.FromMilliseconds(10));
                await pool.InvokeAsync(Job(Action("newer"), time: pool.Time));
                await pool.Delay(TimeSpan.FromMilliseconds(10));
                var heldBefore = budget.HeldMb;

                directShare.AskOthersForRoom(200);
                await pool.Delay(TimeSpan.FromSeconds(1));
                var older = pool.Factory.Containers.Single(c => c.Request.ActionName == "guest/older");
                var newer = pool.Factory.Containers.Single(c => c.Request.ActionName == "guest/newer");

                Assert.Multiple(() =>
                {
                    Assert.That(heldBefore, Is.EqualTo(768));
                    Assert.That(older.Destroyed, Is.True, "the least recently used idle container went");
                    Assert.That(newer.Destroyed, Is.False, "one was enough for 200 MB");
                    Assert.That(budget.HeldMb, Is.EqualTo(512), "its memory is free once it is destroyed");
                    Assert.That(direct.RoomFreedCount, Is.GreaterThan(0));
                });
            },
            new ContainerPoolOptions { UserMemoryMb = 1024 },
            budget: budget);
    }

    [Test]
    public void A_busy_container_is_given_up_once_idle_while_another_holder_still_waits_and_no_stem_cell_takes_its_place()
    {
        var budget = new SharedMemoryBudget(512);
        using var directShare = budget.Join("direct", new RecordingBudgetHolder());
        PoolHarness.Run(
            async pool =>
            {
                await pool.Delay(TimeSpan.FromSeconds(1));
                var busy = Job(Action("busy"), simulate: new { durationMs = 2000 }, time: pool.Time);
                pool.Pool.Run(busy);
                await pool.Delay(TimeSpan.FromMilliseconds(100));
                directShare.AskOthersForRoom(512);
                await pool.Delay(TimeSpan.FromMilliseconds(500));
                var heldWhileBusy = budget.HeldMb;

                await pool.Reporter.RecordOf(busy.Message.ActivationId);
                await pool.Delay(TimeSpan.FromSeconds(1));

                Assert.Multiple(() =>
                {
                    Assert.That(heldWhileBusy, Is.EqualTo(256), "the busy container, which took the stem cell; no stem cell replaced it while the other holder waits");
                    Assert.That(pool.Factory.Containers.Single(c => c.ActivationIds.Contains(busy.Message.ActivationId)).Destroyed, Is.True, "given up once idle");
                    Assert.That(budget.HeldMb, Is.Zero, "no stem cell took the memory the other holder waits for");
                });
            },
            new ContainerPoolOptions { UserMemoryMb = 512 },
            manifest: StemCellManifest,
            budget: budget);
    }

    private const string StemCellManifest = """
        {"runtimes": {"nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"},
                                  "stemCells": [{"initialCount": 1, "memory": "256 MB"}]}]}}
        """;
}
