using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Direct;

/// <summary>
/// The balancer <c>direct</c>: the controller runs activations itself, sending <c>/run</c> straight to shared
/// containers it owns through the container factory, with no message bus and no invoker in between. Only actions
/// whose intra-container concurrency reaches <see cref="DirectLoadBalancerOptions.MinConcurrency"/> qualify. Records,
/// logs and acknowledgements come from the host's <see cref="IContainerActivationRunner"/>, exactly as on an invoker.
/// </summary>
public sealed partial class DirectLoadBalancer : ILoadBalancer, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string BalancerName = "direct";

    private const string Target = "direct";

    private const string NoRoomError = "Failed to run the action: no memory became free for it within its time limit.";

    private readonly IContainerFactory factory;
    private readonly IContainerActivationRunner runner;
    private readonly DirectLoadBalancerOptions options;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly IActivationTracker tracker;
    private readonly SharedContainerPool pool;
    private readonly CancellationTokenSource stopping = new();

    public DirectLoadBalancer(
        IContainerFactory factory,
        IContainerActivationRunner runner,
        IActivationTrackerFactory trackers,
        IOptions<DirectLoadBalancerOptions> options,
        TimeProvider timeProvider,
        ILogger<DirectLoadBalancer> logger,
        ISharedMemoryBudget? memoryBudget = null)
    {
        ArgumentNullException.ThrowIfNull(trackers);
        ArgumentNullException.ThrowIfNull(options);
        this.factory = factory;
        this.runner = runner;
        this.options = options.Value;
        this.logger = logger;
        this.timeProvider = timeProvider;
        // Each activation acknowledges itself from its own run: a blocking caller's answer is written from there.
        tracker = trackers.Create(BalancerName, continueOnAcknowledgingThread: true);
        pool = new SharedContainerPool(factory, runner, this.options, memoryBudget, timeProvider, logger);
    }

    public string Name => BalancerName;

    /// <inheritdoc/>
    public bool UsesInvokers => false;

    public int ClusterSize => 1;

    public int TotalActiveActivations => tracker.Total;

    /// <summary>Gets the number of containers the balancer holds.</summary>
    public int ContainerCount => pool.ContainerCount;

    /// <summary>Gets the number of its containers that are ready and run nothing.</summary>
    public int IdleContainerCount => pool.IdleContainerCount;

    /// <summary>Gets the memory its containers and stem cells hold until they are destroyed, in megabytes.</summary>
    public int UsedMemoryMb => pool.UsedMemoryMb;

    /// <summary>Gets the number of stem cells, started or starting.</summary>
    public int StemCellCount => pool.StemCellCount;

    public bool CanRun(WhiskAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Limits.Concurrency >= options.MinConcurrency && action.Limits.MemoryMb <= pool.MaxContainerMemoryMb;
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var removed = await factory.CleanupAsync(pool.Owner, cancellationToken);
        if (removed > 0)
        {
            LogLeftoversRemoved(logger, removed, pool.Owner);
        }

        pool.FillStemCells();
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        // Let activations in flight finish (the host bounds how long), then remove every container.
        while (tracker.Total > 0 && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), timeProvider, CancellationToken.None);
        }

        await stopping.CancelAsync();
        await pool.StopAsync();
        await factory.CleanupAsync(pool.Owner, CancellationToken.None);
    }

    public Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(message);
        if (!CanRun(action))
        {
            throw new LoadBalancerUnavailableException(
                $"The direct balancer runs only actions with concurrency of at least {options.MinConcurrency} and at most {pool.MaxContainerMemoryMb} MB.");
        }

        if (stopping.IsCancellationRequested)
        {
            throw new LoadBalancerUnavailableException("The direct balancer is stopping.");
        }

        var publication = tracker.Track(action, message, Target);
        _ = RunAsync(action, message);
        return Task.FromResult(publication);
    }

    public int ActiveActivationsFor(string namespaceUuid) => tracker.ActiveFor(namespaceUuid);

    public int ActiveActivationsOn(string target) => tracker.ActiveOn(target);

    public IReadOnlyList<ActiveActivation> GetActiveActivations() => tracker.Snapshot();

    /// <summary>The direct balancer uses no invokers.</summary>
    public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<InvokerHealth>>([]);

    public async ValueTask DisposeAsync()
    {
        if (!stopping.IsCancellationRequested)
        {
            await stopping.CancelAsync();
            await pool.StopAsync();
        }

        pool.Dispose();
        tracker.Dispose();
        stopping.Dispose();
    }

    /// <summary>Runs one activation; whatever happens, it ends with a record and acknowledgements.</summary>
    private async Task RunAsync(WhiskAction action, ActivationMessage message)
    {
        SharedContainer? current = null;
        var run = new ContainerRun
        {
            Action = action,
            Message = message,
            Acknowledge = ack =>
            {
                if (current is { } container && ack.Activation?.Response.StatusCode.DestroysContainer() == true)
                {
                    pool.Condemn(container);
                }

                tracker.Process(ack);
            },
        };
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                // Waiting for memory ends with the action's own time limit, so that one activation that cannot get
                // room does not hold the line forever.
                DirectLease lease;
                bool creator;
                try
                {
                    (lease, creator) = await pool.AcquireAsync(run.Action, run.Message, TimeSpan.FromMilliseconds(action.Limits.TimeoutMs), stopping.Token);
                }
                catch (TimeoutException)
                {
                    await runner.AbortAsync(run, ActivationResponse.WhiskError(NoRoomError), CancellationToken.None);
                    return;
                }

                current = lease.Container;
                ContainerRunResult? result;
                try
                {
                    result = creator ? await StartAndRunAsync(lease, run) : await RunWhenReadyAsync(lease, run);
                }
                catch
                {
                    // A lease is given back once; if the run gave it back already, this does nothing.
                    pool.Release(lease, ContainerVerdict.Destroy);
                    throw;
                }

                if (result is null)
                {
                    return;
                }

                pool.Release(lease, result.Verdict);
                if (result.Verdict != ContainerVerdict.Reschedule)
                {
                    return;
                }

                if (attempt >= options.MaxReschedules)
                {
                    await runner.AbortAsync(run, ActivationResponse.WhiskError("Failed to run the action: its containers kept failing."), CancellationToken.None);
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
        {
            LogRunFailed(logger, run.Message.ActivationId, exception);
            await runner.AbortAsync(run, ActivationResponse.WhiskError("Failed to run the action."), CancellationToken.None);
        }
        catch (OperationCanceledException)
        {
            await runner.AbortAsync(run, ActivationResponse.WhiskError("The controller stopped before the action ran."), CancellationToken.None);
        }
    }

    /// <summary>
    /// Starts the container (unless it is a stem cell), then runs the activation with <c>/init</c>; null when the
    /// container could not start (the pool has taken the lease back and the activation has ended).
    /// </summary>
    private async Task<ContainerRunResult?> StartAndRunAsync(DirectLease lease, ContainerRun run)
    {
        var shared = lease.Container;
        var failure = await pool.StartAsync(lease, run.Action, run.Message, stopping.Token);
        if (failure is not null)
        {
            await runner.AbortAsync(run, failure, CancellationToken.None);
            return null;
        }

        ContainerRunResult? result = null;
        try
        {
            result = await runner.RunAsync(
                run with
                {
                    Container = shared.Container,
                    Initialize = true,
                    OnInitialized = () => shared.Ready.TrySetResult(Readiness.Initialized),
                    OnLogsFailed = () => pool.Condemn(shared),
                },
                stopping.Token);
            return result;
        }
        finally
        {
            // Unless /init succeeded, the activations waiting for this container end with its failure or move on.
            shared.Ready.TrySetResult(result?.InitFailure is { } initFailure ? Readiness.Failed(initFailure) : Readiness.Unusable);
        }
    }

    /// <summary>
    /// Waits until the container has started (and resumed, if it was paused), then runs the activation; null when
    /// the container failed to start (the lease is given back and the activation ended with the failure).
    /// </summary>
    private async Task<ContainerRunResult?> RunWhenReadyAsync(DirectLease lease, ContainerRun run)
    {
        var shared = lease.Container;
        var readiness = await shared.Ready.Task.WaitAsync(stopping.Token);
        if (!readiness.Ok)
        {
            if (readiness.Failure is { } failure)
            {
                pool.Release(lease, ContainerVerdict.Destroy);
                await runner.AbortAsync(run, failure, CancellationToken.None);
                return null;
            }

            // The caller gives the lease back (retiring the container) and tries a fresh one.
            return new ContainerRunResult(ContainerVerdict.Reschedule, null);
        }

        // A paused container runs again before the activation goes in; one that cannot is replaced.
        if (shared.Resumption is { } resumption && !await resumption.WaitAsync(stopping.Token))
        {
            return new ContainerRunResult(ContainerVerdict.Reschedule, null);
        }

        return await runner.RunAsync(
            run with { Container = shared.Container, ReusedWarm = shared.CompletedRuns > 0, OnLogsFailed = () => pool.Condemn(shared) },
            stopping.Token);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Removed {Count} leftover direct containers of {Owner}")]
    private static partial void LogLeftoversRemoved(ILogger logger, int count, string owner);

    [LoggerMessage(Level = LogLevel.Error, Message = "Activation {ActivationId} failed in the direct balancer")]
    private static partial void LogRunFailed(ILogger logger, string activationId, Exception exception);
}
