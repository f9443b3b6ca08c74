using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Invokes any action (OpenWhisk's PostActionActivation): a primitive one through its balancer; a sequence or a
/// composition (an action with a truthy <c>conductor</c> annotation) here in the controller, which stores their
/// records. Those run on even when the caller stops waiting (202 with the activation id), and a GET of their record
/// waits for them while they run.
/// </summary>
public sealed partial class ActivationDispatcher : IDisposable
{
    private readonly ActionInvoker primitives;
    private readonly InFlightActivations inFlight;
    private readonly ActivationRecordStorer storer;
    private readonly AcceptedActivations accepted;
    private readonly TimeProvider timeProvider;
    private readonly CancellationTokenSource stopping = new();
    private readonly ConcurrentDictionary<string, Task> running = new(StringComparer.Ordinal);
    private readonly ILogger logger;
    private readonly SequenceRunner sequences;
    private readonly CompositionRunner compositions;

    public ActivationDispatcher(
        ActionInvoker primitives,
        ActionResolver resolver,
        EntitlementChecker entitlement,
        ActivationRecordStorer storer,
        InFlightActivations inFlight,
        AcceptedActivations accepted,
        IOptions<LimitsOptions> limits,
        IOptions<ActivationRunnerOptions> runner,
        TimeProvider timeProvider,
        ILogger<ActivationDispatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(runner);
        this.primitives = primitives;
        this.inFlight = inFlight;
        this.timeProvider = timeProvider;
        this.logger = logger;
        this.storer = storer;
        this.accepted = accepted;
        sequences = new SequenceRunner(this, resolver, limits.Value.SequenceMaxLength, timeProvider, logger);
        compositions = new CompositionRunner(this, resolver, entitlement, limits.Value.SequenceMaxLength, timeProvider, logger);
    }

    /// <summary>
    /// At shutdown: lets running sequences and compositions finish for up to <paramref name="grace"/>, then ends the
    /// rest (each with a whisk error record, stored) and waits for their records.
    /// </summary>
    public async Task DrainAsync(TimeSpan grace, CancellationToken cancellationToken)
    {
        var all = Task.WhenAll(running.Values);
        try
        {
            await all.WaitAsync(grace, timeProvider, cancellationToken);
        }
        catch (TimeoutException)
        {
            LogEndingRunning(logger, running.Count);
            await stopping.CancelAsync();
            await Task.WhenAll(running.Values).WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Tracks work this controller does in the background for an activation (a fired trigger's rules): a GET of the
    /// activation waits for it, and shutdown waits for it too.
    /// </summary>
    public void Track(string activationId, Task completion)
    {
        ArgumentNullException.ThrowIfNull(completion);
        inFlight.Add(activationId, completion);
        running[activationId] = completion;
        _ = completion.ContinueWith(_ => running.TryRemove(activationId, out Task? _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Tells whether the controller runs <paramref name="action"/> itself (a sequence or a composition).</summary>
    public static bool IsComposite(WhiskAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Exec.IsSequence || action.Annotations.IsTruthy("conductor");
    }

    /// <summary>
    /// Invokes a topmost action. A blocking caller gets the record if it is done within <see cref="InvocationRequest.Wait"/>
    /// (or the blocking timeout), else only the id, like a non-blocking caller at once.
    /// </summary>
    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, ResolvedAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        if (!IsComposite(action.Action))
        {
            return await primitives.InvokeAsync(request, action, cancellationToken);
        }

        var id = ActionInvoker.NewActivationId(timeProvider);
        if (!request.Blocking)
        {
            await accepted.AcceptAsync(id, request.User, action.Action, cancellationToken);
        }

        var running = RunCompositeAsync(id, request, action, 0, null);
        if (!request.Blocking)
        {
            return new InvocationResult(id, null);
        }

        try
        {
            var outcome = await running.WaitAsync(request.Wait ?? primitives.BlockingTimeout, timeProvider, cancellationToken);
            return outcome.Result;
        }
        catch (TimeoutException)
        {
            await accepted.AcceptAfterWaitAsync(token => accepted.AcceptAsync(id, request.User, action.Action, token), id, cancellationToken);
            return new InvocationResult(id, null);
        }
    }

    /// <summary>
    /// Invokes a component of a sequence or composition and waits for its end (a primitive one up to its time limit
    /// plus a minute). Components of a composition are counted in <paramref name="accounting"/>.
    /// </summary>
    internal async Task<CompositeOutcome> InvokeComponentAsync(
        InvocationRequest request,
        ResolvedAction action,
        CompositionAccounting? accounting,
        int atomicSoFar,
        CancellationToken cancellationToken)
    {
        var isConductor = !action.Action.Exec.IsSequence && action.Action.Annotations.IsTruthy("conductor");
        if (!isConductor)
        {
            accounting?.CountComponent();
        }

        if (action.Action.Exec.IsSequence)
        {
            return await RunCompositeAsync(ActionInvoker.NewActivationId(timeProvider), request, action, atomicSoFar, null);
        }

        if (isConductor)
        {
            var nested = await RunCompositeAsync(ActionInvoker.NewActivationId(timeProvider), request, action, 0, accounting ?? new CompositionAccounting());
            return nested with { AtomicCount = atomicSoFar + 1 };
        }

        return new CompositeOutcome(await InvokePrimitiveComponentAsync(request, action, cancellationToken), atomicSoFar + 1);
    }

    /// <summary>Invokes a primitive action as a component: blocking, up to its time limit plus a minute.</summary>
    internal Task<InvocationResult> InvokePrimitiveComponentAsync(InvocationRequest request, ResolvedAction action, CancellationToken cancellationToken) =>
        primitives.InvokeAsync(request with { Blocking = true, Wait = action.Action.Limits.Timeout + TimeSpan.FromMinutes(1) }, action, cancellationToken);

    /// <summary>Runs a sequence or composition in the background; its record is stored when it ends.</summary>
    private Task<CompositeOutcome> RunCompositeAsync(string id, InvocationRequest request, ResolvedAction action, int atomicSoFar, CompositionAccounting? accounting)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Track(id, done.Task);
        var run = new CompositeRun(id, request, action, timeProvider.GetUtcNow(), isComposition: !action.Action.Exec.IsSequence);
        var outcome = action.Action.Exec.IsSequence
            ? Task.Run(() => sequences.RunAsync(run, atomicSoFar, stopping.Token), CancellationToken.None)
            : Task.Run(() => compositions.RunAsync(run, accounting ?? new CompositionAccounting(), stopping.Token), CancellationToken.None);
        _ = StoreWhenDoneAsync(outcome, request.User, done);
        return outcome;
    }

    private async Task StoreWhenDoneAsync(Task<CompositeOutcome> outcome, Identity user, TaskCompletionSource done)
    {
        try
        {
            var record = (await outcome).Result.Record!;
            await storer.StoreAsync(user, record);
        }
        catch (Exception exception)
        {
            LogRecordLost(logger, exception);
        }
        finally
        {
            done.TrySetResult();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutting down: ending {Count} sequences and compositions that are still running")]
    private static partial void LogEndingRunning(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "The record of a sequence or composition could not be built")]
    private static partial void LogRecordLost(ILogger logger, Exception exception);

    public void Dispose() => stopping.Dispose();
}
