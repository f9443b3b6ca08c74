using OpenWhisk.Execution;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// The policy's plans for idle containers: each placement asks it how long the container is kept once idle and which
/// containers to prepare for the action (<see cref="ContainerPreparation"/>). Preparations due at once run right after
/// the placement; later ones wait on timers per action, which the action's next arrival replaces. When one is due,
/// containers are created and initialized with the action until the planned count hold it, while memory is free and
/// nothing waits for room.
/// </summary>
internal sealed partial class ContainerPool
{
    /// <summary>Pending preparations by caller and action name: a new revision's arrival replaces the old one's.</summary>
    private readonly Dictionary<(string Namespace, string Action), PendingPreparations> preparations = [];

    /// <summary>Asks the policy for the plan of a placed job's container and, for a new arrival, schedules its later preparations.</summary>
    private IdlePlan PlanIdle(PoolView view, PlacementRequest request, PoolContainer? container, ActivationJob job)
    {
        var plan = Decide(view, request, container);
        if (request.IsRetry)
        {
            return plan;
        }

        var name = NameOf(job.Key);
        // Most placements have nothing pending: the lookup is skipped unless some action has preparations to come.
        if (preparations.Count > 0 && preparations.Remove(name, out var earlier))
        {
            earlier.Cancel();
        }

        PendingPreparations? pending = null;
        foreach (var preparation in plan.Preparations)
        {
            if (preparation.After > TimeSpan.Zero && preparation.Count > 0 && preparation.RemoveAfter > TimeSpan.Zero && shutdown is null)
            {
                pending ??= new PendingPreparations(Template(job));
                var token = pending.Token;
                pending.Remaining++;
                pending.Timers.Add(time.CreateTimer(_ => Post(new PrepareDue(job.Key, token, preparation)), null, TimerDelay.Clamp(preparation.After), Timeout.InfiniteTimeSpan));
            }
        }

        if (pending is not null)
        {
            preparations[name] = pending;
        }

        return plan;
    }

    /// <summary>
    /// Runs the preparations of <paramref name="plan"/> that are due at once, after its job was placed (not for a
    /// rescheduled job); a failure here is logged, the job already runs.
    /// </summary>
    private void PrepareNow(ActivationJob job, IdlePlan plan, bool rescheduled)
    {
        if (rescheduled)
        {
            return;
        }

        try
        {
            ActivationJob? template = null;
            foreach (var preparation in plan.Preparations)
            {
                if (preparation.After <= TimeSpan.Zero && preparation.Count > 0 && preparation.RemoveAfter > TimeSpan.Zero)
                {
                    Prepare(job.Key, template ??= Template(job), preparation);
                }
            }
        }
        catch (Exception exception)
        {
            LogPreparationFailed(logger, job.Key.FullyQualifiedName, exception);
        }
    }

    private void OnPrepareDue(PrepareDue due)
    {
        var name = NameOf(due.Key);
        if (preparations.TryGetValue(name, out var pending) && ReferenceEquals(pending.Token, due.Token))
        {
            if (--pending.Remaining == 0)
            {
                preparations.Remove(name);
                pending.Cancel();
            }

            Prepare(due.Key, pending.Template, due.Preparation);
        }
    }

    /// <summary>Creates containers for the action until <see cref="ContainerPreparation.Count"/> hold it.</summary>
    private void Prepare(ActionKey key, ActivationJob template, ContainerPreparation preparation)
    {
        if (shutdown is not null)
        {
            return;
        }

        var holding = entries.Holding(key).Count;
        var memory = template.Action.Limits.MemoryMb;
        for (var i = holding; i < preparation.Count; i++)
        {
            if (runBuffer.Count > 0 || OthersWaitForRoom() || !HasSpaceFor(memory))
            {
                Counters.PreparationSkipped();
                return;
            }

            var proxy = NewProxy();
            entries.Add(new Entry(proxy)
            {
                Kind = PoolEntryKind.WarmingCold,
                Key = key,
                MemoryMb = memory,
                MaxConcurrent = template.Action.Limits.Concurrency,
                LastUsed = time.GetUtcNow(),
            });
            Counters.Prepared();
            proxy.Prepare(template, ColdStartRequest(template), new IdlePlan(options.PauseGrace < preparation.RemoveAfter ? options.PauseGrace : preparation.RemoveAfter, preparation.RemoveAfter));
        }
    }

    /// <summary>A prepared container is initialized with its action: it is warm (jobs sent to it meanwhile run now).</summary>
    private void OnPrepared(ContainerProxy proxy)
    {
        if (entries.TryGetValue(proxy, out var entry) && entry.Kind == PoolEntryKind.WarmingCold)
        {
            entry.Kind = PoolEntryKind.Warmed;
            if (entry.ActiveCount == 0)
            {
                entry.LastUsed = time.GetUtcNow();
            }
        }
    }

    private void CancelPreparations()
    {
        foreach (var pending in preparations.Values)
        {
            pending.Cancel();
        }

        preparations.Clear();
    }

    private static (string Namespace, string Action) NameOf(ActionKey key) => (key.InvocationNamespace, key.FullyQualifiedName);

    /// <summary>What a prepared container is initialized like: the job's action and caller, without its run parameters.</summary>
    private static ActivationJob Template(ActivationJob job) => job with { Message = ActionPayloads.KeepingInitParameters(job.Message) };

    [LoggerMessage(Level = LogLevel.Error, Message = "Containers for {Action} could not be prepared")]
    private static partial void LogPreparationFailed(ILogger logger, string action, Exception exception);

    /// <summary>An action's preparations still to come: the job they are initialized like, and their timers.</summary>
    private sealed class PendingPreparations(ActivationJob template)
    {
        public ActivationJob Template { get; } = template;

        public object Token { get; } = new();

        public List<ITimer> Timers { get; } = [];

        public int Remaining { get; set; }

        public void Cancel()
        {
            foreach (var timer in Timers)
            {
                timer.Dispose();
            }
        }
    }
}
