using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Scheduling;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>
/// The pool's mechanics for the plans a scheduling policy makes (idle timers, containers prepared ahead), and what the
/// pool does with a policy that throws or answers what it cannot use.
/// </summary>
[TestFixture]
public sealed class PreparationTests
{
    private static readonly IdlePlan RemoveAfterAMinutePrepareAtFive = new(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1))
    {
        Preparations = [new ContainerPreparation(TimeSpan.FromMinutes(5), 1, TimeSpan.FromMinutes(2))],
    };

    private static void Run(Func<PoolHarness, ScriptedPolicy, Task> test, IdlePlan? plan, ContainerPoolOptions? options = null, SimulationOptions? simulation = null)
    {
        ScriptedPolicy? policy = null;
        PoolHarness.Run(pool => test(pool, policy!), options, simulation, policy: o => policy = new ScriptedPolicy(o) { Plan = plan });
    }

    private static int Holding(PoolSnapshot snapshot, string action) => snapshot.Entries.Count(e => e.Action?.FullyQualifiedName == "guest/" + action);

    [Test]
    public void Removes_an_idle_container_when_its_plan_says_and_prepares_one_when_the_next_run_is_due() => Run(async (pool, _) =>
    {
        var action = Action("timer");
        var first = await pool.InvokeAsync(Job(action, time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(2));
        var afterTwoMinutes = Holding(await pool.SnapshotAsync(), "timer");
        await pool.Delay(TimeSpan.FromMinutes(3.5));
        var prepared = (await pool.SnapshotAsync()).Entries.Single();
        var second = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(afterTwoMinutes, Is.Zero, "removed a minute after it went idle");
            Assert.That(pool.ContainerOf(first).Destroyed, Is.True);
            Assert.That(prepared.Kind, Is.EqualTo(PoolEntryKind.Warmed), "initialized with the action, nothing ran in it");
            Assert.That(pool.ContainerOf(second).Initialized, Is.True);
            Assert.That(second.Annotation("initTime"), Is.Null, "the second run is warm");
            Assert.That(pool.Pool.Counters.Preparations, Is.EqualTo(1));
            Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(1));
        });
    }, RemoveAfterAMinutePrepareAtFive);

    [Test]
    public void Removes_a_prepared_container_nobody_used_after_its_wait() => Run(async (pool, _) =>
    {
        await pool.InvokeAsync(Job(Action("timer"), time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(5.5));
        var whilePrepared = Holding(await pool.SnapshotAsync(), "timer");
        await pool.Delay(TimeSpan.FromMinutes(2));

        Assert.Multiple(() =>
        {
            Assert.That(whilePrepared, Is.EqualTo(1));
            Assert.That(pool.Factory.LiveContainers, Is.Empty, "gone two minutes after it was ready");
        });
    }, RemoveAfterAMinutePrepareAtFive);

    [Test]
    public void An_activation_arriving_while_its_container_is_prepared_waits_for_it_instead_of_starting_another() => Run(async (pool, _) =>
    {
        var action = Action("timer");
        var started = pool.Time.GetUtcNow();
        await pool.InvokeAsync(Job(action, time: pool.Time));
        await pool.Delay(started + TimeSpan.FromMinutes(5) + TimeSpan.FromSeconds(1) - pool.Time.GetUtcNow());
        var second = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(pool.Factory.Containers, Has.Count.EqualTo(2), "the first and the prepared one");
            Assert.That(second.Annotation("initTime"), Is.Null);
            Assert.That(second.Annotation("waitTime")!.Value.GetInt64(), Is.InRange(3000, 5000), "it waited for the rest of the creation");
        });
    }, RemoveAfterAMinutePrepareAtFive, simulation: new SimulationOptions { CreateLatency = TimeSpan.FromSeconds(5) });

    [Test]
    public void A_preparation_whose_init_fails_leaves_no_container_and_the_next_run_reports_the_error() => Run(async (pool, _) =>
    {
        var action = Action("broken", code: "sim:init-fails");
        await pool.InvokeAsync(Job(action, time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(6));
        var live = pool.Factory.LiveContainers.Count;
        var next = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(pool.Pool.Counters.Preparations, Is.EqualTo(1));
            Assert.That(live, Is.Zero);
            Assert.That(next.Error(), Is.Not.Null.And.Not.Empty);
        });
    }, RemoveAfterAMinutePrepareAtFive);

    [Test]
    public void Skips_a_preparation_when_the_memory_is_held_by_running_activations() => Run(async (pool, _) =>
    {
        await pool.InvokeAsync(Job(Action("timer"), time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(4));
        var long1 = pool.InvokeAsync(Job(Action("long1"), simulate: new { durationMs = 120_000 }, time: pool.Time));
        var long2 = pool.InvokeAsync(Job(Action("long2"), simulate: new { durationMs = 120_000 }, time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(1.5));
        var snapshot = await pool.SnapshotAsync();
        await Task.WhenAll(long1, long2);

        Assert.Multiple(() =>
        {
            Assert.That(Holding(snapshot, "timer"), Is.Zero);
            Assert.That(pool.Pool.Counters.PreparationsSkipped, Is.EqualTo(1));
            Assert.That(pool.Pool.Counters.Evictions, Is.Zero, "a preparation never removes anything");
        });
    }, RemoveAfterAMinutePrepareAtFive, new ContainerPoolOptions { UserMemoryMb = 512 });

    [Test]
    public void Shutting_down_cancels_the_preparations_still_to_come() => Run(async (pool, _) =>
    {
        await pool.InvokeAsync(Job(Action("timer"), time: pool.Time));
        await pool.Pool.ShutdownAsync();
        await pool.Delay(TimeSpan.FromMinutes(10));

        Assert.That(pool.Factory.Containers, Has.Count.EqualTo(1));
    }, RemoveAfterAMinutePrepareAtFive);

    [Test]
    public void Prepares_at_once_the_containers_a_starting_burst_needs() => Run(async (pool, _) =>
    {
        var action = Action("bursty");
        await pool.InvokeAsync(Job(action, time: pool.Time));
        var snapshot = await pool.SnapshotAsync();

        Assert.Multiple(() =>
        {
            Assert.That(Holding(snapshot, "bursty"), Is.EqualTo(3));
            Assert.That(pool.Pool.Counters.Preparations, Is.EqualTo(2));
        });
    }, new IdlePlan(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)) { Preparations = [new ContainerPreparation(TimeSpan.Zero, 3, TimeSpan.FromMinutes(1))] });

    [Test]
    public void Ignores_a_policy_choice_that_cannot_take_the_activation() => Run(async (pool, policy) =>
    {
        var other = await pool.InvokeAsync(Job(Action("other"), time: pool.Time));
        policy.Choice = (view, _) => view.Containers.FirstOrDefault();
        var record = await pool.InvokeAsync(Job(Action("mine"), time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True);
            Assert.That(pool.ContainerOf(record), Is.Not.SameAs(pool.ContainerOf(other)), "never in another action's container");
        });
    }, plan: null);

    [Test]
    public void A_new_revision_replaces_the_preparations_of_the_old_one() => Run(async (pool, _) =>
    {
        await pool.InvokeAsync(Job(Action("timer"), time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(1));
        await pool.InvokeAsync(Job(Action("timer", version: new Spi.Entities.SemVer(0, 0, 2)), time: pool.Time));
        await pool.Delay(TimeSpan.FromMinutes(5.5));
        var snapshot = await pool.SnapshotAsync();

        Assert.Multiple(() =>
        {
            Assert.That(pool.Pool.Counters.Preparations, Is.EqualTo(1), "only the new revision's");
            Assert.That(snapshot.Entries.Single().Action?.Version, Is.EqualTo(new Spi.Entities.SemVer(0, 0, 2)));
        });
    }, RemoveAfterAMinutePrepareAtFive);

    [Test]
    public void A_policy_that_throws_gets_openwhisk_decisions_instead_and_loses_no_activation() => Run(async (pool, policy) =>
    {
        policy.Choice = (_, _) => throw new InvalidOperationException("a plugin's bug");
        var first = await pool.InvokeAsync(Job(Action("a"), time: pool.Time));
        var second = await pool.InvokeAsync(Job(Action("a"), time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(first.Response.IsSuccess && second.Response.IsSuccess, Is.True);
            Assert.That(pool.ContainerOf(second), Is.SameAs(pool.ContainerOf(first)), "OpenWhisk's choice: the warm container");
        });
    }, plan: null);

    [Test]
    public void A_policy_whose_plan_throws_or_holds_nulls_loses_no_activation() => Run(async (pool, policy) =>
    {
        policy.PlanThrows = true;
        var thrown = await pool.InvokeAsync(Job(Action("a"), time: pool.Time));
        policy.PlanThrows = false;
        policy.Plan = new IdlePlan(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)) { Preparations = null! };
        var nullPreparations = await pool.InvokeAsync(Job(Action("b"), time: pool.Time));
        policy.Plan = new IdlePlan(TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(1)) { Preparations = [null!] };
        var nullPreparation = await pool.InvokeAsync(Job(Action("c"), time: pool.Time));

        Assert.That(new[] { thrown, nullPreparations, nullPreparation }.Select(r => r.Response.IsSuccess), Is.All.True);
    }, plan: null);

    [Test]
    public void Removes_only_as_many_idle_containers_as_the_memory_needs_when_a_policy_offers_more() => Run(async (pool, policy) =>
    {
        policy.Victims = (view, _) => [.. view.Containers.Where(c => c.IsIdleWarm), null!];
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            await pool.InvokeAsync(Job(Action(name), time: pool.Time));
        }

        var record = await pool.InvokeAsync(Job(Action("e"), time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.IsSuccess, Is.True);
            Assert.That(pool.Pool.Counters.Evictions, Is.EqualTo(1), "one 256 MB container makes room for one");
        });
    }, plan: null, new ContainerPoolOptions { UserMemoryMb = 1024 });

    [Test]
    public void Creates_no_more_stem_cells_than_fit_whatever_count_a_policy_asks_for()
    {
        const string manifest = """
            {"runtimes": {"nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"},
              "stemCells": [{"initialCount": 1, "memory": "256 MB"}]}]}}
            """;
        PoolSnapshot? snapshot = null;
        PoolHarness.Run(
            async pool =>
            {
                await pool.Delay(TimeSpan.FromSeconds(5));
                snapshot = await pool.SnapshotAsync();
            },
            new ContainerPoolOptions { UserMemoryMb = 1024 },
            manifest: manifest,
            policy: options => new ScriptedPolicy(options) { StemCells = int.MaxValue });

        Assert.That(snapshot!.Prewarmed, Is.EqualTo(4), "1 024 MB holds four 256 MB stem cells");
    }
}
