using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Invoker.Pool;

/// <summary>A container proxy's slow work: each runs as its own task and posts its outcome to the mailbox.</summary>
internal sealed partial class ContainerProxy
{
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

    private void Execute(IContainer container, ActivationJob job, bool initialize, bool reusedWarm)
    {
        if (!initialize)
        {
            counters.WarmStarted();
        }

        _ = ExecuteAsync(container, job, initialize, reusedWarm);
    }

    private async Task ExecuteAsync(IContainer container, ActivationJob job, bool initialize, bool reusedWarm)
    {
        var result = await deps.Runner.RunAsync(
            job, container, initialize, reusedWarm, initialize ? () => Post(new Initialized()) : null, () => AnnounceRespondedAsync(job), () => Post(new LogsFailed()), stopping.Token);
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

    private async Task PrepareAsync(ActivationJob template, ContainerRequest request)
    {
        try
        {
            var created = await deps.Factory.CreateContainerAsync(request, stopping.Token);
            Post(new ColdCreated(created));
            Post(new PrepareFinished(await deps.Runner.InitializeAsync(template, created, stopping.Token)));
        }
        catch (Exception exception)
        {
            if (!stopping.IsCancellationRequested)
            {
                LogPrepareFailed(deps.Logger, request.Name, exception);
            }

            Post(new PrepareFinished(false));
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

    private async Task PauseAsync(IContainer container)
    {
        try
        {
            await container.SuspendAsync(CancellationToken.None);
            Post(new PauseFinished(null));
        }
        catch (Exception exception)
        {
            Post(new PauseFinished(exception));
        }
    }

    private async Task ResumeAndExecuteAsync(IContainer container, ActivationJob job)
    {
        try
        {
            await container.ResumeAsync(CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogResumeFailed(deps.Logger, Number, exception);
            Post(new ResumeFailed(job));
            return;
        }

        await ExecuteAsync(container, job, initialize: false, reusedWarm: true);
    }

    private async Task DestroyContainerAsync(IContainer? container, bool wasPaused)
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

    // Debug: the pool logs one warning per failure streak (see StemCellBackoff).
    [LoggerMessage(Level = LogLevel.Debug, Message = "Stem cell {Name} could not be created")]
    private static partial void LogPrewarmFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Name} could not be created")]
    private static partial void LogColdStartFailed(ILogger logger, string name, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container of proxy {Number} could not be resumed")]
    private static partial void LogResumeFailed(ILogger logger, int number, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Container {Id} could not be destroyed")]
    private static partial void LogDestroyFailed(ILogger logger, string id, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Container {Name} could not be prepared ahead of its action's arrival")]
    private static partial void LogPrepareFailed(ILogger logger, string name, Exception exception);
}
