using System.Threading.Channels;
using OpenWhisk.Common.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Owns one container (OpenWhisk's ContainerProxy): creates it, initializes it with an action, runs activations in
/// it (several at once up to the action's concurrency), pauses it after the pause grace, removes it after the idle
/// timeout or a failure. An actor: one mailbox, one reader loop, and the state below is touched only by that loop.
/// Slow work (create, run, pause, destroy) runs as separate tasks that post their outcome back to the mailbox.
/// </summary>
internal sealed partial class ContainerProxy
{
    private readonly Channel<object> mailbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly IContainerPoolParent parent;
    private readonly ContainerProxyDependencies deps;
    private readonly PoolCounters counters;
    private readonly Queue<ActivationJob> runBuffer = new();
    private readonly Queue<object> stash = new();
    private readonly CancellationTokenSource stopping = new();
    private IContainer? container;
    private ActivationJob? warmJob;
    private bool initialized;
    private int activeCount;
    private bool rescheduleJob;
    private bool destroying;
    private bool condemned;
    private int timerGeneration;
    private ITimer? timer;

    public ContainerProxy(int number, IContainerPoolParent parent, ContainerProxyDependencies deps, PoolCounters counters)
    {
        Number = number;
        this.counters = counters;
        this.parent = parent;
        this.deps = deps;
        Completion = RunLoopAsync();
    }

    /// <summary>Gets the proxy's number within its pool.</summary>
    public int Number { get; }

    /// <summary>Gets the current state (for diagnostics; read from other threads without guarantees).</summary>
    public ContainerProxyState State { get; private set; } = ContainerProxyState.Uninitialized;

    /// <summary>Gets a task that completes when the proxy has stopped and its container is gone.</summary>
    public Task Completion { get; }

    /// <summary>Creates a stem cell.</summary>
    public void StartPrewarm(ContainerRequest request) => Post(new PrewarmStart(request));

    /// <summary>Runs a job; <paramref name="coldStart"/> says how to create the container if there is none.</summary>
    public void Run(ActivationJob job, ContainerRequest? coldStart = null) => Post(new RunJob(job, coldStart));

    /// <summary>Removes the container once no activation runs in it.</summary>
    public void Remove() => Post(new RemoveRequest());

    private void Post(object message) => mailbox.Writer.TryWrite(message);

    private async Task RunLoopAsync()
    {
        await Task.Yield();
        var reader = mailbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var message))
            {
                try
                {
                    Handle(message);
                }
                catch (Exception exception)
                {
                    LogProxyFailed(deps.Logger, Number, exception);
                }
            }
        }

        parent.ProxyStopped(this);
    }

    private void Handle(object message)
    {
        switch (State, message)
        {
            // A new proxy either becomes a stem cell or runs a job cold.
            case (ContainerProxyState.Uninitialized, PrewarmStart start):
                Become(ContainerProxyState.Starting);
                _ = CreatePrewarmAsync(start.Request);
                break;
            case (ContainerProxyState.Uninitialized, RunJob run):
                counters.ColdStarted();
                activeCount = 1;
                warmJob = run.Job;
                Become(ContainerProxyState.Running);
                _ = ColdStartAsync(run.Job, run.ColdStart!);
                break;
            case (ContainerProxyState.Uninitialized, RemoveRequest):
                Stop();
                break;

            // A stem cell is being created.
            case (ContainerProxyState.Starting, PrewarmCreated created):
                container = created.Container;
                Become(ContainerProxyState.Started);
                parent.PrewarmReady(this);
                Unstash();
                break;
            case (ContainerProxyState.Starting, PrewarmFailed failed):
                parent.PrewarmFailed(this, failed.Reason);
                Stop();
                break;
            case (ContainerProxyState.Starting, _):
                stash.Enqueue(message);
                break;

            // A stem cell waits for its first job.
            case (ContainerProxyState.Started, RunJob run):
                counters.PrewarmStarted();
                activeCount++;
                warmJob = run.Job;
                Become(ContainerProxyState.Running);
                Execute(run.Job, initialize: true, reusedWarm: false);
                break;
            case (ContainerProxyState.Started, RemoveRequest):
                Destroy(replacePrewarm: false);
                break;

            case (ContainerProxyState.Running, _):
                HandleRunning(message);
                break;

            // Idle within the pause grace: reuse at once, or pause when the grace ends.
            case (ContainerProxyState.Ready, RunJob run):
                activeCount++;
                Become(ContainerProxyState.Running);
                Execute(run.Job, initialize: false, reusedWarm: true);
                break;
            case (ContainerProxyState.Ready, PauseDue due) when due.Generation == timerGeneration:
                Become(ContainerProxyState.Pausing);
                _ = PauseAsync();
                break;
            case (ContainerProxyState.Ready, RemoveRequest):
            case (ContainerProxyState.Ready, LogsFailed):
                Destroy(replacePrewarm: true);
                break;

            case (ContainerProxyState.Pausing, PauseFinished paused):
                if (paused.Error is null)
                {
                    Become(ContainerProxyState.Paused);
                    StartTimer(deps.Options.IdleTimeout, generation => new IdleDue(generation));
                    Unstash();
                }
                else
                {
                    Destroy(replacePrewarm: true);
                }

                break;
            case (ContainerProxyState.Pausing, _):
                stash.Enqueue(message);
                break;

            // Paused: resume for the next job, or go away after the idle timeout.
            case (ContainerProxyState.Paused, RunJob run):
                counters.WarmStarted();
                activeCount++;
                Become(ContainerProxyState.Running);
                _ = ResumeAndExecuteAsync(run.Job);
                break;
            case (ContainerProxyState.Paused, IdleDue due) when due.Generation == timerGeneration:
                Destroy(replacePrewarm: false);
                break;
            case (ContainerProxyState.Paused, RemoveRequest):
            case (ContainerProxyState.Paused, LogsFailed):
                Destroy(replacePrewarm: true);
                break;

            case (ContainerProxyState.Removing, _):
                HandleRemoving(message);
                break;
        }
    }

    /// <summary>
    /// Promises the container to the next activation of its action before the result is reported: called on the
    /// runner's thread, it posts NeedWork to the pool directly (the pool's mailbox is thread-safe) instead of through
    /// this proxy's mailbox, so the result waits for no hop, and a caller who hears of it and invokes again finds the
    /// container free. Only a running proxy offers itself; a stale read is harmless (the pool ignores a proxy it
    /// removed, and a removing proxy reschedules what it gets).
    /// </summary>
    private Task AnnounceRespondedAsync(ActivationJob job)
    {
        if (State == ContainerProxyState.Running)
        {
            parent.NeedWork(this, job.Key);
        }

        return Task.CompletedTask;
    }

    private void HandleRunning(object message)
    {
        switch (message)
        {
            case ColdCreated created:
                container = created.Container;
                break;
            case ColdStartFailed failed:
                activeCount--;
                parent.JobFinished(failed.Job);
                parent.ContainerRemoved(this, replacePrewarm: true);
                AbortBuffered(ActivationResponse.WhiskError(ActivationMessages.AbnormalRun));
                rescheduleJob = true;
                destroying = true;
                Become(ContainerProxyState.Removing);
                Stop();
                break;
            case Initialized:
                initialized = true;
                ProcessBuffer();
                break;
            case RunJob run when rescheduleJob:
                parent.Reschedule(run.Job);
                break;
            case RunJob run when initialized && activeCount < run.Job.Action.Limits.Concurrency:
                activeCount++;
                Execute(run.Job, initialize: false, reusedWarm: true);
                break;
            case RunJob run:
                runBuffer.Enqueue(run.Job);
                break;
            case RunFinished finished:
                activeCount--;
                OnRunFinished(finished);
                break;
            case ResumeFailed failed:
                activeCount--;
                parent.Reschedule(failed.Job);
                rescheduleJob = true;
                Destroy(replacePrewarm: true);
                break;
            case LogsFailed:
                condemned = true;
                break;
            default:
                stash.Enqueue(message);
                break;
        }
    }

    private void OnRunFinished(RunFinished finished)
    {
        var result = finished.Result;
        switch (result.Verdict)
        {
            case ContainerVerdict.Keep when condemned && activeCount == 0:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true);
                break;
            case ContainerVerdict.Keep:
                parent.JobFinished(finished.Job);
                warmJob = finished.Job;
                ProcessBuffer();
                if (activeCount == 0 && runBuffer.Count == 0)
                {
                    Become(ContainerProxyState.Ready);
                    StartTimer(deps.Options.PauseGrace, generation => new PauseDue(generation));
                    Unstash();
                }

                break;
            case ContainerVerdict.Destroy when !initialized:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true, abortResponse: result.InitFailure ?? result.Record?.Response);
                break;
            case ContainerVerdict.Destroy when activeCount == 0:
                parent.JobFinished(finished.Job);
                Destroy(replacePrewarm: true);
                break;
            case ContainerVerdict.Destroy:
                parent.JobFinished(finished.Job);
                rescheduleJob = true;
                Become(ContainerProxyState.Removing);
                break;
            case ContainerVerdict.Reschedule:
                parent.Reschedule(finished.Job);
                rescheduleJob = true;
                Destroy(replacePrewarm: true);
                break;
        }
    }

    private void HandleRemoving(object message)
    {
        switch (message)
        {
            case RunJob run:
                parent.Reschedule(run.Job);
                break;
            case RunFinished finished:
                activeCount--;
                if (finished.Result.Verdict == ContainerVerdict.Reschedule)
                {
                    parent.Reschedule(finished.Job);
                }
                else
                {
                    parent.JobFinished(finished.Job);
                }

                if (activeCount == 0)
                {
                    Destroy(replacePrewarm: true);
                }

                break;
            case ResumeFailed failed:
                activeCount--;
                parent.Reschedule(failed.Job);
                break;
            case Destroyed:
                Stop();
                break;
        }
    }

    private void ProcessBuffer()
    {
        while (runBuffer.Count > 0 && activeCount < runBuffer.Peek().Action.Limits.Concurrency)
        {
            var job = runBuffer.Dequeue();
            activeCount++;
            Execute(job, initialize: false, reusedWarm: false);
        }
    }

    /// <summary>Starts removing the container (OpenWhisk's destroyContainer).</summary>
    private void Destroy(bool replacePrewarm, ActivationResponse? abortResponse = null)
    {
        if (destroying)
        {
            return;
        }

        destroying = true;
        var wasPaused = State == ContainerProxyState.Paused;
        Become(ContainerProxyState.Removing);
        if (rescheduleJob)
        {
            parent.RescheduleJob(this);
        }
        else
        {
            parent.ContainerRemoved(this, replacePrewarm);
        }

        if (abortResponse is not null)
        {
            AbortBuffered(abortResponse);
        }
        else
        {
            while (runBuffer.TryDequeue(out var job))
            {
                parent.Reschedule(job);
            }
        }

        _ = DestroyContainerAsync(wasPaused);
    }

    /// <summary>Ends buffered jobs with <paramref name="response"/>: they waited for a container that failed.</summary>
    private void AbortBuffered(ActivationResponse response)
    {
        while (runBuffer.TryDequeue(out var job))
        {
            _ = AbortAsync(job, response);
        }
    }

    private void Become(ContainerProxyState state)
    {
        if (State == state)
        {
            return;
        }

        State = state;
        timerGeneration++;
        timer?.Dispose();
        timer = null;
    }

    private void StartTimer(TimeSpan delay, Func<int, object> message)
    {
        var generation = timerGeneration;
        timer = deps.Time.CreateTimer(_ => Post(message(generation)), null, delay, Timeout.InfiniteTimeSpan);
    }

    private void Unstash()
    {
        var pending = stash.Count;
        for (var i = 0; i < pending; i++)
        {
            Handle(stash.Dequeue());
        }
    }

    private void Stop()
    {
        timer?.Dispose();
        stopping.Cancel();
        mailbox.Writer.TryComplete();
    }

    private void Execute(ActivationJob job, bool initialize, bool reusedWarm)
    {
        if (!initialize)
        {
            counters.WarmStarted();
        }

        _ = ExecuteAsync(job, initialize, reusedWarm);
    }

    private async Task ExecuteAsync(ActivationJob job, bool initialize, bool reusedWarm)
    {
        var result = await deps.Runner.RunAsync(
            job, container!, initialize, reusedWarm, initialize ? () => Post(new Initialized()) : null, () => AnnounceRespondedAsync(job), () => Post(new LogsFailed()), stopping.Token);
        Post(new RunFinished(job, result));
    }

    private async Task CreatePrewarmAsync(ContainerRequest request)
    {
        try
        {
            Post(new PrewarmCreated(await deps.Factory.CreateContainerAsync(request, stopping.Token)));
        }
        catch (Exception exception)
        {
            LogPrewarmFailed(deps.Logger, request.Name, exception);
            Post(new PrewarmFailed(exception.Message));
        }
    }

    private async Task ColdStartAsync(ActivationJob job, ContainerRequest request)
    {
        IContainer created;
        try
        {
            created = await deps.Factory.CreateContainerAsync(request, stopping.Token);
        }
        catch (Exception exception)
        {
            LogColdStartFailed(deps.Logger, request.Name, exception);
            var response = exception is ContainerStartupException { IsDeveloperError: true }
                ? ActivationResponse.DeveloperError(exception.Message)
                : ActivationResponse.WhiskError(exception is ContainerStartupException ? exception.Message : ActivationMessages.ResourceError);
            var record = ActivationRecordFactory.Aborted(job, response, deps.Time.GetUtcNow());
            await deps.Reporter.StoreAndCompleteAsync(job.Message, record, CancellationToken.None);
            Post(new ColdStartFailed(job));
            return;
        }

        Post(new ColdCreated(created));
        var result = await deps.Runner.RunAsync(
            job, created, initialize: true, reusedWarm: false, () => Post(new Initialized()), () => AnnounceRespondedAsync(job), () => Post(new LogsFailed()), stopping.Token);
        Post(new RunFinished(job, result));
    }

    private async Task PauseAsync()
    {
        try
        {
            await container!.SuspendAsync(CancellationToken.None);
            Post(new PauseFinished(null));
        }
        catch (Exception exception)
        {
            Post(new PauseFinished(exception));
        }
    }

    private async Task ResumeAndExecuteAsync(ActivationJob job)
    {
        try
        {
            await container!.ResumeAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogResumeFailed(deps.Logger, Number, exception);
            Post(new ResumeFailed(job));
            return;
        }

        await ExecuteAsync(job, initialize: false, reusedWarm: true);
    }

    private async Task DestroyContainerAsync(bool wasPaused)
    {
        if (container is { } doomed)
        {
            // The last activations' logs are read from the container's log stream after they answered.
            await deps.Runner.LogsCollectedAsync(doomed);
            try
            {
                if (wasPaused)
                {
                    await doomed.ResumeAsync(CancellationToken.None);
                }
            }
            catch (Exception exception)
            {
                LogResumeFailed(deps.Logger, Number, exception);
            }

            try
            {
                await doomed.DestroyAsync(CancellationToken.None);
            }
            catch (Exception exception)
            {
                LogDestroyFailed(deps.Logger, doomed.Id, exception);
            }
        }

        Post(new Destroyed());
    }

    private async Task AbortAsync(ActivationJob job, ActivationResponse response)
    {
        var record = ActivationRecordFactory.Aborted(job, response, deps.Time.GetUtcNow());
        await deps.Reporter.StoreAndCompleteAsync(job.Message, record, CancellationToken.None);
        parent.JobFinished(job);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Container proxy {Number} failed to handle a message")]
    private static partial void LogProxyFailed(ILogger logger, int number, Exception exception);

    // Debug: the pool logs one warning per failure streak (see StemCellBackoff).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stem cell {Name} could not be created")]
    private static partial void LogPrewarmFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Name} could not be created")]
    private static partial void LogColdStartFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container of proxy {Number} could not be resumed")]
    private static partial void LogResumeFailed(ILogger logger, int number, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Id} could not be destroyed")]
    private static partial void LogDestroyFailed(ILogger logger, string id, Exception exception);

    private sealed record PrewarmStart(ContainerRequest Request);

    private sealed record RunJob(ActivationJob Job, ContainerRequest? ColdStart);

    private sealed record RemoveRequest;

    private sealed record PrewarmCreated(IContainer Container);

    private sealed record PrewarmFailed(string Reason);

    private sealed record ColdCreated(IContainer Container);

    private sealed record ColdStartFailed(ActivationJob Job);

    private sealed record Initialized;


    private sealed record RunFinished(ActivationJob Job, ActivationRunResult Result);

    /// <summary>Collecting an earlier activation's logs failed after it answered: the container must go.</summary>
    private sealed record LogsFailed;

    private sealed record ResumeFailed(ActivationJob Job);

    private sealed record PauseDue(int Generation);

    private sealed record PauseFinished(Exception? Error);

    private sealed record IdleDue(int Generation);

    private sealed record Destroyed;
}
