using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.TestKit.Scheduling;

/// <summary>
/// The behaviour every <see cref="ISchedulingPolicy"/> (made by an <see cref="ISchedulingPolicyFactory"/>) must have:
/// it places an activation only in a container that can take it (the same action and caller namespace with room, or
/// a stem cell of the activation's runtime kind and memory; never a stem cell for a blackbox action), reuses a warm
/// container of the action, gives up only idle warm containers of the pool for room, plans idle times the pool's
/// timers can hold, and sizes stem cells with a count the pool can use.
/// </summary>
public abstract class SchedulingPolicyConformanceTests
{
    /// <summary>Gets an action of the caller <c>guest</c>.</summary>
    protected static readonly ActionKey Hello = new("guest", "guest/hello", new SemVer(0, 0, 1), "1-a");

    private static readonly ActionKey Other = new("guest", "guest/other", new SemVer(0, 0, 1), "1-b");
    private static readonly ActionKey HelloOfAnotherCaller = Hello with { InvocationNamespace = "alice" };
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Gets the policy under test, created for a pool with a 10 s pause grace and a 10 min idle timeout.</summary>
    protected ISchedulingPolicy Policy { get; private set; } = null!;

    /// <summary>Creates the factory under test.</summary>
    /// <returns>The factory.</returns>
    protected abstract ISchedulingPolicyFactory CreateFactory();

    [SetUp]
    public void CreatePolicy() =>
        Policy = CreateFactory().Create(new SchedulingPolicyContext("conformance", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)));

    [Test]
    public void Reuses_the_idle_warm_container_of_the_action()
    {
        var pool = Pool(Warm(1, Other), Warm(2, HelloOfAnotherCaller), Warm(3, Hello));

        Assert.That(Policy.SelectContainer(pool, Request(Hello))?.Id, Is.EqualTo(3));
    }

    [Test]
    public void Never_places_an_activation_in_another_action_s_or_another_caller_s_container()
    {
        var pool = Pool(Warm(1, Other), Warm(2, HelloOfAnotherCaller), StemCell(3, "python:3", 256));

        Assert.That(Policy.SelectContainer(pool, Request(Hello)), Is.Null);
    }

    [Test]
    public void Never_places_an_activation_in_a_container_at_its_concurrency_limit()
    {
        var pool = Pool(Warm(1, Hello) with { ActiveCount = 1, MaxConcurrent = 1 }, Warm(2, Hello) with { ActiveCount = 4, MaxConcurrent = 4 });

        Assert.That(Policy.SelectContainer(pool, Request(Hello)), Is.Null);
    }

    [Test]
    public void Shares_a_container_that_runs_fewer_activations_than_its_limit()
    {
        var pool = Pool(Warm(1, Hello) with { ActiveCount = 2, MaxConcurrent = 4 });

        Assert.That(Policy.SelectContainer(pool, Request(Hello) with { MaxConcurrent = 4 })?.Id, Is.EqualTo(1));
    }

    [Test]
    public void Takes_only_a_stem_cell_of_the_activation_s_runtime_kind_and_memory()
    {
        var pool = Pool(StemCell(1, "nodejs:20", 512), StemCell(2, "python:3", 256), StemCell(3, "nodejs:20", 256));

        Assert.That(Policy.SelectContainer(pool, Request(Hello))?.Id, Is.EqualTo(3));
    }

    [Test]
    public void A_blackbox_action_never_takes_a_stem_cell()
    {
        var pool = Pool(StemCell(1, "nodejs:20", 256), StemCell(2, "blackbox", 256));

        Assert.That(Policy.SelectContainer(pool, Request(Hello) with { RuntimeKind = null }), Is.Null);
    }

    [Test]
    public void Gives_up_only_idle_warm_containers_enough_for_the_memory_asked()
    {
        var busy = Warm(1, Hello) with { ActiveCount = 1 };
        var pool = Pool(busy, StemCell(2, "nodejs:20", 256), Warm(3, Other), Warm(4, HelloOfAnotherCaller), Cold(5, Hello));

        var victims = Policy.SelectVictims(pool, 256);

        AssertVictimsOf(pool, victims);
        Assert.That(victims.Sum(v => v.MemoryMb), Is.GreaterThanOrEqualTo(256));
    }

    [Test]
    public void Gives_up_no_busy_container_or_stem_cell_when_idle_ones_cannot_free_enough()
    {
        var pool = Pool(Warm(1, Hello) with { ActiveCount = 1 }, StemCell(2, "nodejs:20", 256), Warm(3, Other), Cold(4, Other));

        var victims = Policy.SelectVictims(pool, 10_000);

        AssertVictimsOf(pool, victims);
    }

    [Test]
    public void Plans_idle_times_and_preparations_the_pool_timers_can_hold([Values] bool retry, [Values] bool reused)
    {
        var warm = Warm(1, Hello);
        var pool = Pool(warm);

        var plan = Policy.PlanIdle(pool, Request(Hello) with { IsRetry = retry }, reused ? warm : null);

        Assert.Multiple(() =>
        {
            Assert.That(plan, Is.Not.Null);
            Assert.That(plan.PauseGrace, Is.InRange(TimeSpan.Zero, TimeSpan.FromDays(30)));
            Assert.That(plan.RemoveAfter, Is.InRange(TimeSpan.Zero, TimeSpan.FromDays(30)));
            Assert.That(plan.Preparations, Is.Not.Null);
            Assert.That(plan.Preparations.Select(p => p.After), Is.All.GreaterThanOrEqualTo(TimeSpan.Zero));
            Assert.That(plan.Preparations.Select(p => p.Count), Is.All.GreaterThanOrEqualTo(0));
        });
    }

    [Test]
    public void Sizes_stem_cells_with_a_count_the_pool_can_use([Values] StemCellTrigger trigger, [Values(0, 3, 50)] int coldStarts)
    {
        var reactive = new StemCellReactivity(MinCount: 1, MaxCount: 4, Threshold: 2, Increment: 1, Ttl: TimeSpan.FromMinutes(5));
        var pool = Pool(StemCell(1, "nodejs:20", 256));

        var fixedCount = Policy.DesiredStemCells(pool, new StemCellDemand("nodejs:20", 256, 2, null, 1, coldStarts, trigger));
        var reactiveCount = Policy.DesiredStemCells(pool, new StemCellDemand("nodejs:20", 256, 2, reactive, 1, coldStarts, trigger));

        Assert.Multiple(() =>
        {
            Assert.That(fixedCount, Is.EqualTo(2), "without reactive sizing, the manifest's count");
            Assert.That(reactiveCount, Is.InRange(0, 1000));
        });
    }

    /// <summary>A pool view with 2 048 MB of capacity holding the given containers.</summary>
    /// <param name="containers">The containers.</param>
    /// <returns>The view.</returns>
    protected static PoolView Pool(params PoolContainer[] containers) =>
        new(Now, containers, 2048, containers.Sum(c => c.MemoryMb), 0, 0);

    /// <summary>An activation of a 256 MB nodejs:20 action, one at a time.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The request.</returns>
    protected static PlacementRequest Request(ActionKey action) => new(action, "nodejs:20", 256, 1, Now);

    /// <summary>An idle warm 256 MB container of an action, last used a minute ago.</summary>
    /// <param name="id">Its number.</param>
    /// <param name="action">The action it holds.</param>
    /// <returns>The container.</returns>
    protected static PoolContainer Warm(int id, ActionKey action) =>
        new(id, PoolEntryKind.Warmed, action, null, 256, 0, 1, Now.AddMinutes(-1), null);

    /// <summary>A ready stem cell.</summary>
    /// <param name="id">Its number.</param>
    /// <param name="kind">Its runtime kind.</param>
    /// <param name="memoryMb">Its memory.</param>
    /// <returns>The container.</returns>
    protected static PoolContainer StemCell(int id, string kind, int memoryMb) =>
        new(id, PoolEntryKind.Prewarmed, null, kind, memoryMb, 0, 1, Now.AddMinutes(-1), null);

    private static PoolContainer Cold(int id, ActionKey action) =>
        new(id, PoolEntryKind.Cold, action, null, 256, 1, 1, Now, null);

    private static void AssertVictimsOf(PoolView pool, IReadOnlyList<PoolContainer> victims) =>
        Assert.Multiple(() =>
        {
            Assert.That(victims, Is.Not.Null);
            Assert.That(victims.Select(v => v.Id), Is.Unique);
            Assert.That(victims, Is.SubsetOf(pool.Containers), "victims come from the pool");
            Assert.That(victims.Select(v => v.IsIdleWarm), Is.All.True, "only idle warm containers are given up");
        });
}
