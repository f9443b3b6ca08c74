using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Asking the scheduling policy: a policy that throws (a plugin's bug) must not lose an activation or stall the run
/// buffer, so each decision falls back to OpenWhisk's, with a warning.
/// </summary>
internal sealed partial class ContainerPool
{
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
            return policy.PlanIdle(view, request, container) ?? Fallback.PlanIdle(view, request, container);
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
            return policy.SelectVictims(view, memoryMb) ?? [];
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
            return policy.DesiredStemCells(view, demand);
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
