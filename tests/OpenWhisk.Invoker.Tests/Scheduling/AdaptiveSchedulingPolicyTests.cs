using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Spi.Scheduling;
using static OpenWhisk.Invoker.Tests.Scheduling.Views;

namespace OpenWhisk.Invoker.Tests.Scheduling;

[TestFixture]
public sealed class AdaptiveSchedulingPolicyTests
{
    private static readonly TimeSpan FixedRemoveAfter = TimeSpan.FromSeconds(610);

    private static AdaptiveSchedulingPolicy Policy(AdaptivePolicyOptions? options = null) =>
        new(new SchedulingPolicyContext("wsk0", TimeSpan.FromSeconds(10), TimeSpan.FromMinutes(10)), options ?? new AdaptivePolicyOptions());

    /// <summary>Places one activation of <paramref name="action"/> per gap, starting at <paramref name="start"/>; returns the last plan.</summary>
    private static IdlePlan Arrivals(AdaptiveSchedulingPolicy policy, string action, DateTimeOffset start, params TimeSpan[] gaps)
    {
        var at = start;
        var plan = policy.PlanIdle(View(), Request(action, arrived: at), null);
        foreach (var gap in gaps)
        {
            at += gap;
            plan = policy.PlanIdle(View(), Request(action, arrived: at), null);
        }

        return plan;
    }

    private static TimeSpan[] Every(double minutes, int count) => Enumerable.Repeat(TimeSpan.FromMinutes(minutes), count).ToArray();

    [Test]
    public void Removes_a_timer_actions_container_after_its_run_and_prepares_one_before_the_next()
    {
        var plan = Arrivals(Policy(), "timer", Now, Every(15, 6));
        var preparation = plan.Preparations.Single();

        Assert.Multiple(() =>
        {
            Assert.That(plan.RemoveAfter, Is.EqualTo(TimeSpan.FromMinutes(1)), "kept through a burst only");
            Assert.That(preparation.After, Is.InRange(TimeSpan.FromMinutes(12), TimeSpan.FromMinutes(14.9)), "ready before the next run");
            Assert.That(preparation.After + preparation.RemoveAfter, Is.InRange(TimeSpan.FromMinutes(15.1), TimeSpan.FromMinutes(20)), "waits past it, not for ten minutes");
            Assert.That(preparation.Count, Is.EqualTo(1));
        });
    }

    [Test]
    public void Keeps_the_fixed_keep_alive_until_an_action_has_enough_idle_times()
    {
        var plan = Arrivals(Policy(), "new", Now, Every(15, 3));

        Assert.Multiple(() =>
        {
            Assert.That(plan.RemoveAfter, Is.EqualTo(FixedRemoveAfter));
            Assert.That(plan.Preparations, Is.Empty);
        });
    }

    [Test]
    public void Keeps_the_fixed_keep_alive_when_idle_times_spread_evenly()
    {
        var random = new Random(7);
        var gaps = Enumerable.Range(0, 60).Select(_ => TimeSpan.FromMinutes(5 + random.Next(0, 220))).ToArray();

        var plan = Arrivals(Policy(), "anytime", Now, gaps);

        Assert.That(plan, Is.EqualTo(new IdlePlan(TimeSpan.FromSeconds(10), FixedRemoveAfter)));
    }

    [Test]
    public void Removes_soon_the_container_of_an_action_that_comes_back_after_longer_than_the_histogram_holds()
    {
        var plan = Arrivals(Policy(), "daily", Now, Every(6 * 60, 5));

        Assert.Multiple(() =>
        {
            Assert.That(plan.RemoveAfter, Is.EqualTo(TimeSpan.FromMinutes(1)));
            Assert.That(plan.Preparations, Is.Empty, "nothing in range to predict");
        });
    }

    [Test]
    public void Never_keeps_a_container_longer_than_the_fixed_policy_when_the_window_starts_right_after_a_burst()
    {
        var gaps = Enumerable.Range(0, 40).Select(i => TimeSpan.FromMinutes(1 + (i % 8))).ToArray();

        var plan = Arrivals(Policy(), "busy", Now, gaps);

        Assert.Multiple(() =>
        {
            Assert.That(plan.RemoveAfter, Is.InRange(TimeSpan.FromMinutes(8), FixedRemoveAfter), "to the window's end");
            Assert.That(plan.Preparations, Is.Empty);
        });
    }

    [Test]
    public void Does_not_count_a_rescheduled_activation_as_an_arrival()
    {
        var policy = Policy();
        var at = Now;
        for (var i = 0; i < 8; i++)
        {
            at += TimeSpan.FromMinutes(15);
            policy.PlanIdle(View(), Request("retried", arrived: at, retry: true), null);
        }

        Assert.That(policy.PlanIdle(View(), Request("retried", arrived: at, retry: true), null).RemoveAfter, Is.EqualTo(FixedRemoveAfter));
    }

    [Test]
    public void Keeps_only_the_oldest_container_of_an_action_through_its_window()
    {
        var policy = Policy();
        var gaps = Enumerable.Range(0, 40).Select(i => TimeSpan.FromMinutes(1 + (i % 8))).ToArray();
        var last = Now + gaps.Aggregate(TimeSpan.Zero, (a, b) => a + b);
        Arrivals(policy, "busy", Now, gaps);
        var pool = View(Warm(4, "busy", activeCount: 1), Warm(9, "busy"));

        var oldest = policy.PlanIdle(pool, Request("busy", arrived: last), pool.Containers[0]);
        var spare = policy.PlanIdle(pool, Request("busy", arrived: last), pool.Containers[1]);
        var added = policy.PlanIdle(pool, Request("busy", arrived: last), null);

        Assert.Multiple(() =>
        {
            Assert.That(oldest.RemoveAfter, Is.GreaterThan(TimeSpan.FromMinutes(8)));
            Assert.That(spare.RemoveAfter, Is.EqualTo(TimeSpan.FromMinutes(7)));
            Assert.That(added.RemoveAfter, Is.EqualTo(TimeSpan.FromMinutes(7)));
        });
    }

    [Test]
    public void Prepares_as_many_containers_as_recent_bursts_needed_when_a_burst_starts()
    {
        var policy = Policy();
        IdlePlan? firstOfBurst = null;
        for (var burst = 0; burst < 4; burst++)
        {
            var start = Now + TimeSpan.FromMinutes(40 * burst);
            firstOfBurst = policy.PlanIdle(View(), Request("bursty", arrived: start), null);
            var one = View(Warm(1, "bursty", activeCount: 1));
            policy.PlanIdle(one, Request("bursty", arrived: start.AddSeconds(1)), null);
            var two = View(Warm(1, "bursty", activeCount: 1), Warm(2, "bursty", activeCount: 1));
            policy.PlanIdle(two, Request("bursty", arrived: start.AddSeconds(2)), null);
        }

        Assert.That(firstOfBurst!.Preparations, Does.Contain(new ContainerPreparation(TimeSpan.Zero, 3, TimeSpan.FromMinutes(7))));
    }

    [Test]
    public void Under_memory_pressure_removes_first_the_container_whose_next_use_is_furthest_away()
    {
        var policy = Policy();
        var lastRun = Now - TimeSpan.FromMinutes(14);
        Arrivals(policy, "timer", lastRun - TimeSpan.FromMinutes(15 * 6), Every(15, 6));
        var pool = View(Warm(1, "timer", idleSeconds: 14 * 60), Warm(2, "unknown", idleSeconds: 5 * 60));

        var victims = policy.SelectVictims(pool, 256);

        Assert.That(victims.Select(c => c.Id), Is.EqualTo(new[] { 2 }), "the timer runs again within a minute; LRU would remove it");
    }

    [Test]
    public void Forgets_the_least_recently_invoked_actions_beyond_its_limit()
    {
        var policy = Policy(new AdaptivePolicyOptions { MaxActions = 3 });
        foreach (var name in new[] { "a", "b", "c", "d", "e" })
        {
            policy.PlanIdle(View(), Request(name), null);
        }

        Assert.That(policy.TrackedActions, Is.EqualTo(3));
    }

    [Test]
    public void Refuses_settings_that_would_give_each_action_a_histogram_of_more_than_ten_thousand_bins()
    {
        var options = new AdaptivePolicyOptions { BinWidth = TimeSpan.FromSeconds(1), HistogramRange = TimeSpan.FromDays(7) };

        var errors = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.That(errors.Single().ErrorMessage, Does.Contain("10080"));
    }

    [Test]
    public void Sizes_a_bursts_containers_by_the_actions_concurrency()
    {
        var policy = Policy();
        IdlePlan? firstOfBurst = null;
        for (var burst = 0; burst < 4; burst++)
        {
            var start = Now + TimeSpan.FromMinutes(40 * burst);
            var request = Request("concurrent", arrived: start) with { MaxConcurrent = 10 };
            firstOfBurst = policy.PlanIdle(View(), request, null);
            var busy = View(Warm(1, "concurrent", activeCount: 10, maxConcurrent: 10), Warm(2, "concurrent", activeCount: 10, maxConcurrent: 10), Warm(3, "concurrent", activeCount: 4, maxConcurrent: 10));
            policy.PlanIdle(busy, request with { Arrived = start.AddSeconds(1) }, null);
        }

        Assert.That(firstOfBurst!.Preparations.Single().Count, Is.EqualTo(3), "25 activations at once, 10 to a container");
    }
}
