using System.Runtime.CompilerServices;
using Microsoft.Extensions.Logging;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Execution;

/// <summary>
/// Runs one activation in a container the way OpenWhisk's container proxy does: <c>/init</c> when the container
/// is new, <c>/run</c>, the activation record, acknowledgements in the right order, logs, and the store. Shared by
/// the invoker's container proxies and by balancers that own containers themselves.
/// </summary>
public sealed partial class ActivationRunner(
    ILogStore logStore,
    IActivationReporter reporter,
    ActivationRunnerOptions options,
    TimeProvider timeProvider,
    ILogger<ActivationRunner> logger)
{
    private readonly ConditionalWeakTable<IContainer, StrongBox<Task>> logTails = new();
    private int persisting;

    /// <summary>Gets the log driver containers must be created with for this runner's log store to work.</summary>
    public ContainerLogConfiguration? ContainerLogging => logStore.ContainerLogging;

    /// <summary>Gets a value indicating whether this runner's log store collects activations' logs from their containers.</summary>
    public bool CollectsLogs => logStore.CollectsLogs;

    /// <summary>Runs <paramref name="job"/> in <paramref name="container"/>.</summary>
    /// <param name="job">The activation.</param>
    /// <param name="container">The container.</param>
    /// <param name="initialize">Whether to call <c>/init</c> first (the container is new or a stem cell).</param>
    /// <param name="reusedWarm">Whether the container ran activations before (a connection failure then reschedules).</param>
    /// <param name="onInitialized">Called right after a successful <c>/init</c>, before <c>/run</c>.</param>
    /// <param name="onResponded">
    /// Called as soon as <c>/run</c> answered with a result that keeps the container (success or application
    /// error), before acknowledgements and logs; the container can be promised to the next activation. The result
    /// is reported only once the returned task completes, so whoever hears of the result finds the container free.
    /// </param>
    /// <param name="onLogsFailed">
    /// When given, the logs of an activation that keeps its container are collected after this method returns, in
    /// order per container and runner, so the container takes its next activation without waiting for them (see
    /// <see cref="LogsCollectedAsync"/>), nor for the delivery of the blocking result, which is sent but not awaited;
    /// this is called if that collection fails and the container must go. When <see langword="null"/>, the result is
    /// delivered and the logs collected before this method returns, and a failure is the verdict.
    /// </param>
    /// <param name="cancellationToken">Cancels the run (shutdown).</param>
    /// <returns>The outcome and what to do with the container.</returns>
    public async Task<ActivationRunResult> RunAsync(
        ActivationJob job,
        IContainer container,
        bool initialize,
        bool reusedWarm,
        Action? onInitialized,
        Func<Task>? onResponded,
        Action? onLogsFailed,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(container);
        using var span = ActivationTracing.StartActivation(job.Message);
        try
        {
            var result = await RunCoreAsync(job, container, initialize, reusedWarm, onInitialized, onResponded, onLogsFailed, cancellationToken);
            if (result.Record is { } finished)
            {
                ActivationTracing.End(span, finished.Response.StatusCode);
            }

            return result;
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogUnexpectedFailure(logger, job.Message.ActivationId, exception);
            var record = ActivationRecordFactory.Aborted(job, ActivationResponse.WhiskError(ActivationMessages.AbnormalRun), timeProvider.GetUtcNow());
            await reporter.StoreAndCompleteAsync(job.Message, record, CancellationToken.None);
            return new ActivationRunResult(ContainerVerdict.Destroy, record);
        }
    }

    private async Task<ActivationRunResult> RunCoreAsync(
        ActivationJob job,
        IContainer container,
        bool initialize,
        bool reusedWarm,
        Action? onInitialized,
        Func<Task>? onResponded,
        Action? onLogsFailed,
        CancellationToken cancellationToken)
    {
        var limits = job.Action.Limits;
        var environment = ActionPayloads.Environment(job);
        var value = ActionPayloads.SplitContent(job.Message, out var initEnvironment);
        TimeSpan? initTime = null;
        DateTimeOffset? initStart = null;

        if (initialize)
        {
            ContainerCallResult init;
            using (ActivationTracing.StartStep("openwhisk.init", job.Message.ActivationId))
            {
                init = await CallInitAsync(job, container, initEnvironment, environment, reusedWarm, cancellationToken);
            }

            var initOutcome = ContainerResponseInterpreter.Init(init, limits.Timeout);
            if (initOutcome.HealthError)
            {
                return new ActivationRunResult(ContainerVerdict.Reschedule, null);
            }

            if (!initOutcome.Succeeded)
            {
                var failed = ActivationRecordFactory.Create(
                    job, initOutcome.Failure!, init.Start, init.End, init.Duration, init.Start - Received(job),
                    init.Failure == ContainerCallFailure.Timeout || init.Duration >= limits.Timeout);
                var (reported, _) = await FinishAsync(job, failed, container, cancellationToken);
                return new ActivationRunResult(ContainerVerdict.Destroy, reported, initOutcome.Failure);
            }

            initTime = init.Duration;
            initStart = init.Start;
            onInitialized?.Invoke();
        }

        var runOptions = CallOptions(limits.Timeout, limits.Concurrency, reusedWarm && !initialize);
        var runDeadline = timeProvider.GetUtcNow() + limits.Timeout;
        var runBody = ActionPayloads.RunBody(value, environment, runDeadline.ToUnixTimeMilliseconds());
        ContainerCallResult run;
        using (ActivationTracing.StartStep("openwhisk.run", job.Message.ActivationId))
        {
            run = await container.RunAsync(runBody, runOptions, cancellationToken);
        }

        var outcome = ContainerResponseInterpreter.Run(run, runOptions);
        if (outcome.HealthError)
        {
            return new ActivationRunResult(ContainerVerdict.Reschedule, null);
        }

        if (!outcome.Response.StatusCode.DestroysContainer() && onResponded is not null)
        {
            await onResponded();
        }

        var start = run.Start - (initTime ?? TimeSpan.Zero);
        var record = ActivationRecordFactory.Create(
            job, outcome.Response, start, run.End, initTime, (initStart ?? run.Start) - Received(job), outcome.TimedOut);
        if (onLogsFailed is not null && !outcome.Response.StatusCode.DestroysContainer())
        {
            FinishInBackground(job, record, container, onLogsFailed, cancellationToken);
            return new ActivationRunResult(ContainerVerdict.Keep, record);
        }

        var (final, logsFailed) = await FinishAsync(job, record, container, cancellationToken);
        var verdict = outcome.Response.StatusCode.DestroysContainer() || logsFailed ? ContainerVerdict.Destroy : ContainerVerdict.Keep;
        return new ActivationRunResult(verdict, final);
    }

    /// <summary>
    /// Initializes <paramref name="container"/> with the action of <paramref name="template"/> without running it: a
    /// container prepared ahead of the action's next activation, which then runs warm. The template's run parameters
    /// are not used; its init parameters and context are.
    /// </summary>
    /// <param name="template">An earlier activation of the action, for its action document, caller and init parameters.</param>
    /// <param name="container">The new container.</param>
    /// <param name="cancellationToken">Cancels the call (shutdown).</param>
    /// <returns>Whether <c>/init</c> succeeded (otherwise the container must go).</returns>
    public async Task<bool> InitializeAsync(ActivationJob template, IContainer container, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(template);
        ArgumentNullException.ThrowIfNull(container);
        ActionPayloads.SplitContent(template.Message, out var initEnvironment);
        var init = await CallInitAsync(template, container, initEnvironment, ActionPayloads.Environment(template), reusedWarm: false, cancellationToken);
        return ContainerResponseInterpreter.Init(init, template.Action.Limits.Timeout).Succeeded;
    }

    private Task<ContainerCallResult> CallInitAsync(
        ActivationJob job,
        IContainer container,
        IReadOnlyDictionary<string, string> initEnvironment,
        IReadOnlyList<KeyValuePair<string, string>> environment,
        bool reusedWarm,
        CancellationToken cancellationToken)
    {
        var limits = job.Action.Limits;
        var deadline = timeProvider.GetUtcNow() + limits.Timeout;
        var initBody = ActionPayloads.InitBody(job.Action, initEnvironment, environment, deadline.ToUnixTimeMilliseconds());
        return container.InitializeAsync(initBody, CallOptions(limits.Timeout, limits.Concurrency, reusedWarm), cancellationToken);
    }

    /// <summary>
    /// Reports a finished activation: a blocking caller gets the result at once; then the logs are collected (the
    /// container is busy until then: its log lines are read in order). Storing the record and then the completion,
    /// which frees the activation's slot, continue in the background (<see cref="DrainAsync"/> waits for them), so
    /// the container takes its next activation without waiting for the store, and whoever hears of the completion
    /// still finds the record in the store.
    /// </summary>
    private async Task<(ActivationRecord Record, bool LogsFailed)> FinishAsync(ActivationJob job, ActivationRecord record, IContainer container, CancellationToken cancellationToken)
    {
        var message = job.Message;
        if (message.Blocking)
        {
            await reporter.ReportResultAsync(message, record, cancellationToken);
        }

        var logsFailed = false;
        if (logStore.CollectsLogs && job.Action.Limits.LogsMb > 0)
        {
            var logs = await logStore.CollectAsync(
                new LogCollectionContext { Activation = record, Action = job.Action, User = message.User, Container = container },
                cancellationToken);
            record = record with { Logs = logs.Logs };
            logsFailed = logs.Failed;
        }

        _ = PersistAsync(message, record);
        return (record, logsFailed);
    }

    /// <summary>
    /// Returns a task that completes when the logs of every activation run in <paramref name="container"/> so far
    /// have been collected; destroy a container only after it, or the last activation's logs are lost.
    /// </summary>
    /// <param name="container">The container.</param>
    /// <returns>The task (never faulted).</returns>
    public Task LogsCollectedAsync(IContainer container)
    {
        ArgumentNullException.ThrowIfNull(container);
        if (!logTails.TryGetValue(container, out var tail))
        {
            return Task.CompletedTask;
        }

        lock (tail)
        {
            return tail.Value!;
        }
    }

    /// <summary>
    /// Hands a finished activation to the background: its blocking result is sent, its logs collected after those of
    /// the activations before it in the container, and then the record stored and the completion reported. Nothing
    /// here waits for the result's delivery (a Kafka acknowledgement, for example), so the container takes its next
    /// activation at once, as OpenWhisk's frees it when the run completes; the record is stored only after the result
    /// went out, since how it went out decides what the store keeps.
    /// </summary>
    private void FinishInBackground(ActivationJob job, ActivationRecord record, IContainer container, Action onLogsFailed, CancellationToken cancellationToken)
    {
        var message = job.Message;
        Interlocked.Increment(ref persisting);
        var resultSent = message.Blocking ? SendResultAsync(message, record, cancellationToken) : Task.CompletedTask;
        var tail = logTails.GetValue(container, _ => new StrongBox<Task>(Task.CompletedTask));
        lock (tail)
        {
            tail.Value = CollectAfterAsync(tail.Value!, resultSent, job, record, container, onLogsFailed);
        }
    }

    /// <summary>Sends a blocking activation's result; a failure is logged (the caller then gets the record from the store).</summary>
    private async Task SendResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        try
        {
            await reporter.ReportResultAsync(message, record, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopping: the record is still stored and the completion reported.
        }
        catch (Exception exception)
        {
            LogResultNotSent(logger, record.ActivationId, exception);
        }
    }

    /// <summary>
    /// Collects one activation's logs once the previous activation's are in (a container's log is read in order),
    /// then hands the record to <see cref="PersistAsync"/>: only the collections form a chain per container, so a
    /// slow store never holds back the next activation's logs.
    /// </summary>
    private async Task CollectAfterAsync(Task previous, Task resultSent, ActivationJob job, ActivationRecord record, IContainer container, Action onLogsFailed)
    {
        try
        {
            await previous;
            if (logStore.CollectsLogs && job.Action.Limits.LogsMb > 0)
            {
                var logs = await logStore.CollectAsync(
                    new LogCollectionContext { Activation = record, Action = job.Action, User = job.Message.User, Container = container },
                    CancellationToken.None);
                record = record with { Logs = logs.Logs };
                if (logs.Failed)
                {
                    onLogsFailed();
                }
            }
        }
        catch (Exception exception)
        {
            LogUnexpectedFailure(logger, record.ActivationId, exception);
        }
        finally
        {
            _ = PersistAsync(job.Message, record, resultSent);
            Interlocked.Decrement(ref persisting);
        }
    }

    /// <summary>Waits until every record handed to the background is stored and its completion reported.</summary>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>A task that completes when nothing is left to persist.</returns>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (Volatile.Read(ref persisting) > 0)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(10), timeProvider, cancellationToken);
        }
    }

    private async Task PersistAsync(ActivationMessage message, ActivationRecord record, Task? resultSent = null)
    {
        Interlocked.Increment(ref persisting);
        try
        {
            if (resultSent is not null)
            {
                await resultSent;
            }

            await reporter.StoreAsync(message, record, CancellationToken.None);
            await reporter.ReportCompletionAsync(message, record, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogUnexpectedFailure(logger, record.ActivationId, exception);
        }
        finally
        {
            Interlocked.Decrement(ref persisting);
        }
    }

    private ContainerCallOptions CallOptions(TimeSpan timeout, int concurrency, bool reschedule) => new()
    {
        Timeout = timeout,
        MaxConcurrent = concurrency,
        MaxResponseBytes = options.MaxResponseBytes,
        TruncationBytes = options.TruncationBytes,
        Reschedule = reschedule,
    };

    private static DateTimeOffset Received(ActivationJob job) =>
        DateTimeOffset.FromUnixTimeMilliseconds(job.Message.TransactionId.StartEpochMs);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The result of blocking activation {ActivationId} could not be sent; its caller gets the stored record")]
    private static partial void LogResultNotSent(ILogger logger, string activationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation {ActivationId} failed unexpectedly")]
    private static partial void LogUnexpectedFailure(ILogger logger, string activationId, Exception exception);
}
