using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>The adaptive policy driving a real pool on virtual time.</summary>
[TestFixture]
public sealed class AdaptivePolicyPoolTests
{
    private static ISchedulingPolicy Adaptive(ContainerPoolOptions options) =>
        new AdaptiveSchedulingPolicy(new SchedulingPolicyContext("wsk0", options.PauseGrace, options.IdleTimeout), new AdaptivePolicyOptions());

    private static ISchedulingPolicy OpenWhisk(ContainerPoolOptions options) =>
        new OpenWhiskSchedulingPolicy(new SchedulingPolicyContext("wsk0", options.PauseGrace, options.IdleTimeout));

    /// <summary>Invokes the action every <paramref name="period"/>, <paramref name="runs"/> times; returns the records.</summary>
    private static async Task<List<ActivationRecord>> EveryAsync(PoolHarness pool, string name, TimeSpan period, int runs, Func<Task>? beforeLast = null)
    {
        var action = Action(name);
        var records = new List<ActivationRecord>();
        var start = pool.Time.GetUtcNow();
        for (var i = 0; i < runs; i++)
        {
            if (i == runs - 1 && beforeLast is not null)
            {
                await pool.Delay(start + (period * (i - 1)) + (period / 3) - pool.Time.GetUtcNow());
                await beforeLast();
            }

            var due = start + (period * i);
            if (due > pool.Time.GetUtcNow())
            {
                await pool.Delay(due - pool.Time.GetUtcNow());
            }

            records.Add(await pool.InvokeAsync(Job(action, time: pool.Time)));
        }

        return records;
    }

    private static int Holding(PoolSnapshot snapshot, string action) => snapshot.Entries.Count(e => e.Action?.FullyQualifiedName == "guest/" + action);

    [Test]
    public void A_timer_every_15_minutes_finds_its_container_ready_without_holding_one_in_between()
    {
        var holdingBetweenRuns = -1;
        var records = new List<ActivationRecord>();
        PoolHarness.Run(
            async pool => records = await EveryAsync(pool, "timer", TimeSpan.FromMinutes(15), 8, async () =>
                holdingBetweenRuns = Holding(await pool.SnapshotAsync(), "timer")),
            policy: Adaptive);

        Assert.Multiple(() =>
        {
            Assert.That(records[0].Annotation("initTime"), Is.Not.Null, "the first run is cold");
            Assert.That(records.Skip(6).Select(r => r.Annotation("initTime")), Is.All.Null, "warm once its pattern is known");
            Assert.That(holdingBetweenRuns, Is.Zero, "five minutes after a run no container waits: one is prepared before the next run");
        });
    }

    [Test]
    public void The_openwhisk_policy_cold_starts_the_same_timer_every_time()
    {
        var records = new List<ActivationRecord>();
        PoolHarness.Run(async pool => records = await EveryAsync(pool, "timer", TimeSpan.FromMinutes(15), 8), policy: OpenWhisk);

        Assert.That(records.Select(r => r.Annotation("initTime")), Is.All.Not.Null, "its ten-minute keep-alive ends before each run");
    }

    [Test]
    public void A_job_that_runs_every_six_hours_loses_its_container_soon_after_each_run()
    {
        int adaptiveHolding = -1, fixedHolding = -1;
        PoolHarness.Run(async pool =>
        {
            await EveryAsync(pool, "daily", TimeSpan.FromHours(6), 6);
            await pool.Delay(TimeSpan.FromMinutes(2));
            adaptiveHolding = Holding(await pool.SnapshotAsync(), "daily");
        }, policy: Adaptive);
        PoolHarness.Run(async pool =>
        {
            await EveryAsync(pool, "daily", TimeSpan.FromHours(6), 6);
            await pool.Delay(TimeSpan.FromMinutes(2));
            fixedHolding = Holding(await pool.SnapshotAsync(), "daily");
        }, policy: OpenWhisk);

        Assert.Multiple(() =>
        {
            Assert.That(adaptiveHolding, Is.Zero, "its idle times are beyond the histogram: keeping it waits for nothing");
            Assert.That(fixedHolding, Is.EqualTo(1), "the fixed policy keeps it ten minutes");
        });
    }
}
