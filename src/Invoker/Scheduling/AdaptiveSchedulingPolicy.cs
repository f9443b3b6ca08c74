using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Scheduling;

/// <summary>
/// The hybrid histogram policy of "Serverless in the Wild" (USENIX ATC '20) on OpenWhisk's pool. Per action, a
/// histogram of idle times (gaps between arrivals longer than a burst, recent ones weighing more) decides:
/// <list type="bullet">
/// <item>idle times concentrated in a window (a timer): the container goes soon after its burst, and containers are
/// prepared with the action shortly before the window (the head percentile, less a margin) and kept to its end (the
/// tail percentile, plus a margin);</item>
/// <item>a window that starts right after the burst or is wider than the fixed keep-alive: the container is kept to the
/// window's end, never longer than the fixed keep-alive;</item>
/// <item>idle times mostly beyond the histogram's range (a daily job): the container goes soon after its burst;</item>
/// <item>too few idle times, or a flat histogram: OpenWhisk's fixed keep-alive.</item>
/// </list>
/// Only an action's oldest container waits for its window; the others a burst or a peak needed go after
/// <see cref="AdaptivePolicyOptions.SpareKeepAlive"/>, and when a burst starts, the containers the action's recent bursts
/// needed are prepared at once. Under memory pressure the idle container whose next use is expected furthest away goes
/// first. Placement and stem cells are OpenWhisk's.
/// </summary>
public sealed class AdaptiveSchedulingPolicy : ISchedulingPolicy
{
    /// <summary>The name that selects this policy (<c>Invoker:Pool:Policy</c>).</summary>
    public const string Name = "adaptive";

    private readonly AdaptivePolicyOptions options;
    private readonly OpenWhiskSchedulingPolicy fixedPolicy;
    private readonly IdlePlan fixedPlan;
    private readonly int binCount;
    private readonly Dictionary<ActionKey, LinkedListNode<AdaptiveActionHistory>> histories = [];
    private readonly LinkedList<AdaptiveActionHistory> recency = new();

    /// <summary>Creates the policy for one pool.</summary>
    /// <param name="context">The pool's settings (the fixed keep-alive it falls back to).</param>
    /// <param name="options">The policy's settings.</param>
    public AdaptiveSchedulingPolicy(SchedulingPolicyContext context, AdaptivePolicyOptions options)
    {
        ArgumentNullException.ThrowIfNull(context);
        this.options = options ?? throw new ArgumentNullException(nameof(options));
        fixedPolicy = new OpenWhiskSchedulingPolicy(context);
        fixedPlan = new IdlePlan(context.PauseGrace, context.PauseGrace + context.IdleTimeout);
        binCount = (int)Math.Max(1, options.HistogramRange.Ticks / options.BinWidth.Ticks);
    }

    /// <summary>Gets how many actions have a history now (at most <see cref="AdaptivePolicyOptions.MaxActions"/>).</summary>
    public int TrackedActions => histories.Count;

    /// <inheritdoc />
    public PoolContainer? SelectContainer(PoolView pool, PlacementRequest request) => fixedPolicy.SelectContainer(pool, request);

    /// <inheritdoc />
    public int DesiredStemCells(PoolView pool, StemCellDemand demand) => fixedPolicy.DesiredStemCells(pool, demand);

    /// <inheritdoc />
    public IdlePlan PlanIdle(PoolView pool, PlacementRequest request, PoolContainer? container)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentNullException.ThrowIfNull(request);
        var history = Touch(request.Action, request.Arrived);
        var (holding, busy, primary) = Holding(pool, request.Action, container);
        var burstStarts = !request.IsRetry && Observe(history, request.Arrived, request.MaxConcurrent);
        history.Running(busy);
        var plan = history.Plan;
        if (!ReferenceEquals(plan, fixedPlan) && !primary)
        {
            // A burst or a peak needed more containers than one: the others go soon after, only the oldest waits.
            plan = plan with { PauseGrace = Min(plan.PauseGrace, options.SpareKeepAlive), RemoveAfter = Min(plan.RemoveAfter, options.SpareKeepAlive) };
        }

        var burstContainers = ContainersFor(history.TypicalBurstActivations, request.MaxConcurrent);
        if (burstStarts && burstContainers > holding)
        {
            // The action's bursts need several containers: create them now, as the burst begins, not one cold start at a time.
            plan = plan with { Preparations = [.. plan.Preparations, new ContainerPreparation(TimeSpan.Zero, burstContainers, options.SpareKeepAlive)] };
        }

        return plan;
    }

    /// <summary>
    /// How many containers hold the action and how many of its activations run, once this placement is done, and
    /// whether the container taking it is the action's oldest (the new one, when none holds it yet): the one kept
    /// through the predicted window.
    /// </summary>
    private static (int Holding, int Busy, bool Primary) Holding(PoolView pool, ActionKey action, PoolContainer? container)
    {
        var oldest = int.MaxValue;
        var holding = 0;
        var busy = 1;
        foreach (var other in pool.Holding(action))
        {
            holding++;
            busy += other.ActiveCount;
            oldest = Math.Min(oldest, other.Id);
        }

        var joins = container is null || container.Action != action;
        return (holding + (joins ? 1 : 0), busy, oldest == int.MaxValue || (container is not null && container.Id == oldest));
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    /// <summary>The containers <paramref name="activations"/> at once need, <paramref name="maxConcurrent"/> to a container.</summary>
    private static int ContainersFor(int activations, int maxConcurrent) => (activations + Math.Max(1, maxConcurrent) - 1) / Math.Max(1, maxConcurrent);

    /// <summary>Records an arrival; returns whether it starts a burst (it came at least a burst gap after the last one).</summary>
    private bool Observe(AdaptiveActionHistory history, DateTimeOffset arrived, int maxConcurrent)
    {
        var burstStarts = false;
        if (history.LastArrival is { } last)
        {
            var gap = arrived - last;
            if (gap >= options.BurstGap)
            {
                burstStarts = true;
                history.BurstStarted();
                history.Histogram.Add(gap, arrived);
                history.Plan = Plan(history.Histogram, history, maxConcurrent);
            }
        }

        if (history.LastArrival is null || arrived > history.LastArrival)
        {
            history.LastArrival = arrived;
        }

        return burstStarts;
    }

    /// <inheritdoc />
    public IReadOnlyList<PoolContainer> SelectVictims(PoolView pool, int memoryMb)
    {
        ArgumentNullException.ThrowIfNull(pool);
        var idle = new List<(PoolContainer Container, TimeSpan NextUse)>();
        foreach (var container in pool.Containers)
        {
            if (container.IsIdleWarm)
            {
                idle.Add((container, NextUse(pool.Now, container)));
            }
        }

        // The container whose next use is expected furthest away goes first (Belady's choice, with predictions).
        idle.Sort((a, b) => a.NextUse != b.NextUse ? b.NextUse.CompareTo(a.NextUse) : a.Container.LastUsed.CompareTo(b.Container.LastUsed));
        var victims = new List<PoolContainer>();
        var freed = 0;
        foreach (var (container, _) in idle)
        {
            if (freed >= memoryMb)
            {
                break;
            }

            victims.Add(container);
            freed += container.MemoryMb;
        }

        return victims;
    }

    /// <summary>
    /// How soon an idle container is expected to be used: for an action whose idle times concentrate, at its last
    /// arrival plus its median idle time; otherwise (or once that moment passed) as long from now as it has been idle.
    /// </summary>
    private TimeSpan NextUse(DateTimeOffset now, PoolContainer container)
    {
        var idleFor = now - container.LastUsed;
        if (container.Action is { } key && histories.TryGetValue(key, out var node)
            && node.Value is { ExpectedGap: { } gap, LastArrival: { } last } && last + gap >= now)
        {
            return last + gap - now;
        }

        return idleFor;
    }

    /// <summary>The plan of an action's containers from its histogram; also sets when its next arrival is expected.</summary>
    private IdlePlan Plan(IdleTimeHistogram histogram, AdaptiveActionHistory history, int maxConcurrent)
    {
        history.ExpectedGap = null;
        var pauseGrace = Min(fixedPlan.PauseGrace, options.BurstGap);
        if (histogram.Observations < options.MinObservations)
        {
            return fixedPlan;
        }

        if (histogram.OutOfRangeShare > options.MaxOutOfRangeShare)
        {
            // It comes back after longer than the histogram holds (a daily job): waiting for it wastes the memory.
            history.ExpectedGap = options.HistogramRange;
            return new IdlePlan(pauseGrace, options.BurstGap);
        }

        if (histogram.CoefficientOfVariation() < options.MinCoefficientOfVariation)
        {
            return fixedPlan;
        }

        history.ExpectedGap = histogram.MidpointOf(histogram.BinAt(50));
        var head = histogram.StartOf(histogram.BinAt(options.HeadPercentile)) * (1 - options.Margin);
        var tail = histogram.EndOf(histogram.BinAt(options.TailPercentile)) * (1 + options.Margin);
        if (head <= options.BurstGap || tail - head > fixedPlan.RemoveAfter)
        {
            // The next arrival may come right after the burst, or anywhere in a window wider than the fixed keep-alive:
            // keep the container through the window, but never longer than the fixed policy would.
            return new IdlePlan(fixedPlan.PauseGrace, Min(tail, fixedPlan.RemoveAfter));
        }

        // Keep the container through the burst only; prepare containers just before the window of the next arrival.
        var count = Math.Max(1, ContainersFor(history.TypicalBurstActivations, maxConcurrent));
        return new IdlePlan(pauseGrace, options.BurstGap) { Preparations = [new ContainerPreparation(head, count, tail - head)] };
    }

    private AdaptiveActionHistory Touch(ActionKey action, DateTimeOffset now)
    {
        if (histories.TryGetValue(action, out var node))
        {
            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value;
        }

        if (histories.Count >= options.MaxActions && recency.Last is { } oldest)
        {
            recency.RemoveLast();
            histories.Remove(oldest.Value.Action);
        }

        node = recency.AddFirst(new AdaptiveActionHistory(action, new IdleTimeHistogram(binCount, options.BinWidth, options.HalfLife, now), fixedPlan));
        histories.Add(action, node);
        return node.Value;
    }
}
