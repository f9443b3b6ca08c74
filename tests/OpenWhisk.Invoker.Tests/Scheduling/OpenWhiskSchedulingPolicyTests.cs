using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;
using static OpenWhisk.Invoker.Tests.Scheduling.Views;

namespace OpenWhisk.Invoker.Tests.Scheduling;

[TestFixture]
public sealed class OpenWhiskSchedulingPolicyTests
{
    private readonly OpenWhiskSchedulingPolicy policy = new(new SchedulingPolicyContext("wsk0", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)));

    [Test]
    public void Takes_a_warmed_container_of_the_action_before_one_still_warming()
    {
        var pool = View(Warm(1, "a", kind: PoolEntryKind.Warming), Warm(2, "b"), Warm(3, "a"));

        Assert.That(policy.SelectContainer(pool, Request("a"))?.Id, Is.EqualTo(3));
    }

    [Test]
    public void Skips_a_container_of_the_action_that_is_at_its_concurrency_limit()
    {
        var pool = View(Warm(1, "a", activeCount: 1), Warm(2, "a", activeCount: 1, maxConcurrent: 2));

        Assert.That(policy.SelectContainer(pool, Request("a"))?.Id, Is.EqualTo(2));
    }

    [Test]
    public void Never_gives_an_action_the_container_of_another_namespace()
    {
        var pool = View(Warm(1, "a") with { Action = Key("a", "someone-else") });

        Assert.That(policy.SelectContainer(pool, Request("a", runtimeKind: null)), Is.Null);
    }

    [Test]
    public void Takes_the_stem_cell_of_the_same_kind_and_memory_that_expires_first()
    {
        var pool = View(StemCell(1, expiresInSeconds: 300), StemCell(2, memoryMb: 512), StemCell(3, expiresInSeconds: 60), StemCell(4, kind: "python:3"));

        Assert.Multiple(() =>
        {
            Assert.That(policy.SelectContainer(pool, Request("a"))?.Id, Is.EqualTo(3));
            Assert.That(policy.SelectContainer(pool, Request("a", runtimeKind: "python:3"))?.Id, Is.EqualTo(4));
            Assert.That(policy.SelectContainer(pool, Request("a", runtimeKind: null)), Is.Null, "a Docker action takes no stem cell");
        });
    }

    [Test]
    public void Removes_least_recently_used_idle_containers_until_the_memory_fits()
    {
        var pool = View(Warm(1, "a", idleSeconds: 10), Warm(2, "b", idleSeconds: 300), Warm(3, "c", idleSeconds: 60), Warm(4, "d", activeCount: 1, idleSeconds: 900), StemCell(5));

        var victims = policy.SelectVictims(pool, 300);

        Assert.That(victims.Select(c => c.Id), Is.EqualTo(new[] { 2, 3 }));
    }

    [Test]
    public void Offers_every_idle_container_when_they_cannot_free_enough()
    {
        var pool = View(Warm(1, "a", idleSeconds: 10), Warm(2, "b", idleSeconds: 300), Warm(3, "c", activeCount: 1));

        Assert.That(policy.SelectVictims(pool, 1024).Select(c => c.Id), Is.EqualTo(new[] { 2, 1 }));
    }

    [Test]
    public void Keeps_an_idle_container_for_the_pause_grace_and_then_the_idle_timeout()
    {
        var plan = policy.PlanIdle(View(), Request("a"), null);

        Assert.Multiple(() =>
        {
            Assert.That(plan.PauseGrace, Is.EqualTo(TimeSpan.FromSeconds(10)));
            Assert.That(plan.RemoveAfter, Is.EqualTo(TimeSpan.FromSeconds(610)));
            Assert.That(plan.Preparations, Is.Empty);
        });
    }

    [TestCase(StemCellTrigger.Initial, 0, ExpectedResult = 2)]
    [TestCase(StemCellTrigger.Backfill, 50, ExpectedResult = 1)]
    [TestCase(StemCellTrigger.Scheduled, 0, ExpectedResult = 1)]
    [TestCase(StemCellTrigger.Scheduled, 7, ExpectedResult = 3)]
    [TestCase(StemCellTrigger.Scheduled, 100, ExpectedResult = 4)]
    public int Sizes_reactive_stem_cells_by_recent_cold_starts(StemCellTrigger trigger, int coldStarts) =>
        policy.DesiredStemCells(View(), new StemCellDemand("nodejs:20", 256, 2, new StemCellReactivity(1, 4, 2, 1, TimeSpan.FromMinutes(5)), 0, coldStarts, trigger));

    [Test]
    public void Keeps_the_manifest_count_of_stem_cells_without_reactive_sizing() =>
        Assert.That(policy.DesiredStemCells(View(), new StemCellDemand("nodejs:20", 256, 2, null, 0, 40, StemCellTrigger.Scheduled)), Is.EqualTo(2));
}
