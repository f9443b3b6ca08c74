using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Placing one job: the policy's choice of an existing container (checked: it must be able to take the job), else a
/// new container if memory allows, else room made by removing the idle containers the policy chooses.
/// </summary>
internal sealed partial class ContainerPool
{
    /// <summary>
    /// Places a job, or returns false when it must wait for room. Should placing fail (a bug), the job ends with a
    /// whisk error instead of being lost or blocking the run buffer.
    /// </summary>
    private bool TrySchedule(ActivationJob job, bool rescheduled)
    {
        try
        {
            return Place(job, rescheduled);
        }
        catch (Exception exception)
        {
            LogPlacementFailed(logger, job.Message.ActivationId, exception);
            _ = AbortAsync(job, ActivationResponse.WhiskError("The invoker failed to place the activation in a container."));
            return true;
        }
    }

    private bool Place(ActivationJob job, bool rescheduled)
    {
        var memory = job.Action.Limits.MemoryMb;
        var request = PlacementFor(job, rescheduled);
        var view = View();
        var choice = Decide(view, request);
        if (Chosen(choice, request) is { } chosen)
        {
            var plan = PlanIdle(view, request, choice, job);
            if (chosen.Kind == PoolEntryKind.Prewarmed)
            {
                TakeStemCell(chosen, job, plan);
            }
            else
            {
                Assign(chosen, job, chosen.Kind == PoolEntryKind.Cold ? PoolEntryKind.WarmingCold : chosen.Kind);
                chosen.Proxy.Run(job, plan);
            }

            PrepareNow(job, plan, rescheduled);
            return true;
        }

        if (HasSpaceFor(memory))
        {
            var plan = PlanIdle(view, request, null, job);
            ColdStart(job, plan);
            PrepareNow(job, plan, rescheduled);
            return true;
        }

        // Evicted containers count until they are gone, so the job waits in the buffer for their removal: the
        // containers alive never hold more than the pool's memory.
        EvictFor(memory);
        return false;
    }

    private PlacementRequest PlacementFor(ActivationJob job, bool rescheduled)
    {
        var exec = job.Action.Exec;
        var runtimeKind = exec.IsBlackbox ? null : manifest.Resolve(exec.Kind)?.Kind;
        return new PlacementRequest(job.Key, runtimeKind, job.Action.Limits.MemoryMb, job.Action.Limits.Concurrency, time.GetUtcNow(), rescheduled);
    }

    /// <summary>The pool's entry for the policy's choice, if the choice can take the job (a policy cannot break the pool).</summary>
    private Entry? Chosen(PoolContainer? choice, PlacementRequest request)
    {
        if (choice is null)
        {
            return null;
        }

        if (entries.ByNumber(choice.Id) is { } entry
            && (entry.Kind == PoolEntryKind.Prewarmed
                ? entry.RuntimeKind == request.RuntimeKind && request.RuntimeKind is not null && entry.MemoryMb == request.MemoryMb
                : entry.Key == request.Action && entry.HasCapacity && entry.MemoryMb == request.MemoryMb))
        {
            return entry;
        }

        LogChoiceRefused(logger, choice.Id, request.Action.FullyQualifiedName);
        return null;
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation {ActivationId} could not be placed")]
    private static partial void LogPlacementFailed(ILogger logger, string activationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The scheduling policy chose container {Id}, which cannot take an activation of {Action}; placing it as if none was chosen")]
    private static partial void LogChoiceRefused(ILogger logger, int id, string action);
}
