using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Asking the scheduling policy: a policy that throws or answers what the pool cannot use (a plugin's bug) must not
/// lose an activation or stall the run buffer, so a failed decision falls back to OpenWhisk's, with a warning, and
/// answers are made usable (no nulls; stem-cell counts within what a pool can hold).
/// </summary>
internal sealed partial class ContainerPool
{
    /// <summary>The most stem cells of one configuration a policy may ask for.</summary>
    private const int MaxStemCells = 1_000;

    private OpenWhiskSchedulingPolicy? fallbackPolicy;

    private OpenWhiskSchedulingPolicy Fallback => fallbackPolicy ??= new OpenWhiskSchedulingPolicy(new SchedulingPolicyContext(owner, options.PauseGrace, options.IdleTimeout));

    private PoolContainer? Decide(PoolView view, PlacementRequest request)
    {
        try
        {
            return policy.SelectContainer(view, request);
        }
        catch (Exception exception)
        {
            LogPolicyFailed(logger, nameof(ISchedulingPolicy.SelectContainer), exception);
            return Fallback.SelectContainer(view, request);
        }
    }

    private IdlePlan Decide(PoolView view, PlacementRequest request, PoolContainer? container)
    {
        try
        {
            var plan = policy.PlanIdle(view, request, container) ?? throw new InvalidOperationException("PlanIdle returned null.");
            return plan.Preparations is null || plan.Preparations.Any(p => p is null)
                ? plan with { Preparations = plan.Preparations?.Where(p => p is not null).ToList() ?? [] }
                : plan;
        }
        catch (Exception exception)
        {
            LogPolicyFailed(logger, nameof(ISchedulingPolicy.PlanIdle), exception);
            return Fallback.PlanIdle(view, request, container);
        }
    }

    private IReadOnlyList<PoolContainer> Decide(PoolView view, int memoryMb)
    {
        try
        {
            var victims = policy.SelectVictims(view, memoryMb) ?? [];
            return victims.Any(v => v is null) ? victims.Where(v => v is not null).ToList() : victims;
        }
        catch (Exception exception)
        {
            LogPolicyFailed(logger, nameof(ISchedulingPolicy.SelectVictims), exception);
            return Fallback.SelectVictims(view, memoryMb);
        }
    }

    private int Decide(PoolView view, StemCellDemand demand)
    {
        try
        {
            return Math.Clamp(policy.DesiredStemCells(view, demand), 0, MaxStemCells);
        }
        catch (Exception exception)
        {
            LogPolicyFailed(logger, nameof(ISchedulingPolicy.DesiredStemCells), exception);
            return Fallback.DesiredStemCells(view, demand);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduling policy failed in {Decision}; OpenWhisk's decision is used instead")]
    private static partial void LogPolicyFailed(ILogger logger, string decision, Exception exception);
}
