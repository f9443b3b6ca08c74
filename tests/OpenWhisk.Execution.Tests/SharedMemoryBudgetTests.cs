using OpenWhisk.TestKit.Containers;

namespace OpenWhisk.Execution.Tests;

/// <summary>One memory budget for several container owners of a process: the in-process invoker's pool and the direct balancer.</summary>
[TestFixture]
public sealed class SharedMemoryBudgetTests
{
    [Test]
    public void A_holder_grows_only_into_what_the_others_leave()
    {
        var budget = new SharedMemoryBudget(1024);
        using var pool = budget.Join("pool", new RecordingBudgetHolder());
        using var direct = budget.Join("direct", new RecordingBudgetHolder());

        var poolGrew = pool.TryHold(768);
        var directTooMuch = direct.TryHold(512);
        var heldAfterRefusal = direct.HeldMb;
        var directFits = direct.TryHold(256);

        Assert.Multiple(() =>
        {
            Assert.That(poolGrew, Is.True);
            Assert.That(directTooMuch, Is.False);
            Assert.That(heldAfterRefusal, Is.Zero, "a refused growth changes nothing");
            Assert.That(directFits, Is.True);
            Assert.That(budget.HeldMb, Is.EqualTo(1024));
            Assert.That(pool.LimitMb, Is.EqualTo(768));
            Assert.That(direct.LimitMb, Is.EqualTo(256));
        });
    }

    [Test]
    public void A_holding_that_shrinks_tells_the_other_holders_that_room_was_freed()
    {
        var budget = new SharedMemoryBudget(1024);
        var poolHolder = new RecordingBudgetHolder();
        var directHolder = new RecordingBudgetHolder();
        using var pool = budget.Join("pool", poolHolder);
        using var direct = budget.Join("direct", directHolder);
        pool.TryHold(512);

        pool.Hold(256);
        pool.Hold(256);
        pool.Hold(300);

        Assert.Multiple(() =>
        {
            Assert.That(directHolder.RoomFreedCount, Is.EqualTo(1), "only the shrinking, and not to the same holding, frees room");
            Assert.That(poolHolder.RoomFreedCount, Is.Zero, "a holder is not told of its own change");
        });
    }

    [Test]
    public void A_holding_reported_beyond_the_total_leaves_the_others_no_room()
    {
        var budget = new SharedMemoryBudget(512);
        using var pool = budget.Join("pool", new RecordingBudgetHolder());
        using var direct = budget.Join("direct", new RecordingBudgetHolder());

        pool.Hold(640);

        Assert.Multiple(() =>
        {
            Assert.That(direct.TryHold(128), Is.False);
            Assert.That(direct.LimitMb, Is.LessThanOrEqualTo(0));
            Assert.That(pool.TryHold(600), Is.True, "shrinking always fits");
        });
    }

    [Test]
    public void Asking_for_room_asks_every_other_holder_to_release_idle_containers()
    {
        var budget = new SharedMemoryBudget(1024);
        var asker = new RecordingBudgetHolder();
        var first = new RecordingBudgetHolder();
        var second = new RecordingBudgetHolder();
        using var askerShare = budget.Join("asker", asker);
        using var firstShare = budget.Join("first", first);
        using var secondShare = budget.Join("second", second);

        askerShare.AskOthersForRoom(300);
        askerShare.AskOthersForRoom(0);

        Assert.Multiple(() =>
        {
            Assert.That(first.ReleaseRequests, Is.EqualTo(new[] { 300 }));
            Assert.That(second.ReleaseRequests, Is.EqualTo(new[] { 300 }));
            Assert.That(asker.ReleaseRequests, Is.Empty);
        });
    }

    [Test]
    public void Leaving_frees_what_the_holder_held_and_growing_the_total_frees_room()
    {
        var budget = new SharedMemoryBudget(512);
        var stayingHolder = new RecordingBudgetHolder();
        using var staying = budget.Join("staying", stayingHolder);
        var leaving = budget.Join("leaving", new RecordingBudgetHolder());
        leaving.TryHold(512);
        var limitBefore = staying.LimitMb;

        leaving.Dispose();
        var limitAfterLeave = staying.LimitMb;
        budget.SetTotal(1024);

        Assert.Multiple(() =>
        {
            Assert.That(limitBefore, Is.Zero);
            Assert.That(limitAfterLeave, Is.EqualTo(512));
            Assert.That(staying.LimitMb, Is.EqualTo(1024));
            Assert.That(stayingHolder.RoomFreedCount, Is.EqualTo(2));
            Assert.That(budget.HeldMb, Is.Zero);
        });
    }

    [Test]
    public void A_request_for_room_stays_open_until_its_holder_grows_or_withdraws_it()
    {
        var budget = new SharedMemoryBudget(512);
        using var pool = budget.Join("pool", new RecordingBudgetHolder());
        using var direct = budget.Join("direct", new RecordingBudgetHolder());
        pool.TryHold(512);

        direct.AskOthersForRoom(256);
        var openWhileFull = pool.WantedByOthersMb;
        pool.Hold(256);
        var openAfterShrink = pool.WantedByOthersMb;
        direct.TryHold(256);
        var afterGrowth = pool.WantedByOthersMb;
        direct.AskOthersForRoom(128);
        direct.AskOthersForRoom(0);

        Assert.Multiple(() =>
        {
            Assert.That(openWhileFull, Is.EqualTo(256));
            Assert.That(openAfterShrink, Is.EqualTo(256), "room freed is not room taken yet");
            Assert.That(afterGrowth, Is.Zero, "growing closes the request");
            Assert.That(pool.WantedByOthersMb, Is.Zero, "asking for zero withdraws it");
            Assert.That(direct.WantedByOthersMb, Is.Zero, "a holder's own request is not counted");
        });
    }
}
