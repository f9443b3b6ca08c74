using System.Threading.Channels;
using OpenWhisk.Common.Execution;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Places activations in containers (OpenWhisk's ContainerPool): a warm container holding the same action for
/// the same namespace first, then a stem cell of the same kind and memory, then a new container if memory allows,
/// else a strictly FIFO run buffer, from which a job gets a new container once least recently used idle ones it had
/// removed are gone (a container's memory counts until it is destroyed). Keeps the configured stem cells. An actor: one mailbox, one reader loop; the state below is touched only by that loop.
/// </summary>
internal sealed partial class ContainerPool : IContainerPoolParent
{
    private readonly Channel<object> mailbox = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<ContainerProxy, Entry> entries = [];
    private readonly Dictionary<ContainerProxy, (string Kind, int MemoryMb)> prewarmStarting = [];
    private readonly Dictionary<ContainerProxy, int> leaving = [];
    private readonly HashSet<ContainerProxy> live = [];
    private readonly LinkedList<ActivationJob> runBuffer = new();
    private readonly Dictionary<(string Kind, int MemoryMb), int> coldStartsByStemCell = [];
    private readonly List<PrewarmConfig> prewarmConfigs;
    private readonly string owner;
    private readonly RuntimesManifest manifest;
    private readonly ContainerPoolOptions options;
    private readonly ContainerProxyDependencies deps;
    private readonly Action<ActivationJob> jobFinished;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private int proxyCount;
    private int capacityMb;
    private readonly StemCellBackoff stemCellBackoff;
    private long lastAccounting;
    private int accountedMemoryMb;
    private double memoryMbSeconds;
    private long lastBufferWarning;
    private ITimer? prewarmTimer;
    private readonly IMemoryBudgetShare? budgetShare;
    private int reportedMb;
    private TaskCompletionSource? shutdown;

    public ContainerPool(
        string owner,
        RuntimesManifest manifest,
        ContainerPoolOptions options,
        ContainerProxyDependencies deps,
        Action<ActivationJob> jobFinished,
        ISharedMemoryBudget? memoryBudget = null)
    {
        this.owner = owner;
        this.manifest = manifest;
        this.options = options;
        this.deps = deps;
        this.jobFinished = jobFinished;
        time = deps.Time;
        logger = deps.Logger;
        prewarmConfigs = manifest.Kinds
            .SelectMany(k => k.StemCells.Select(c => new PrewarmConfig(k.Kind, k.Image, c.MemoryMb, c.InitialCount, c.Reactive)))
            .ToList();
        capacityMb = options.UserMemoryMb;
        stemCellBackoff = new StemCellBackoff(options.PrewarmRetryInitialDelay, options.PrewarmRetryMaxDelay);
        lastAccounting = time.GetTimestamp();
        budgetShare = memoryBudget?.Join("invoker pool " + owner, this);
        Completion = RunLoopAsync();
    }

    /// <summary>Gets what the pool has done so far.</summary>
    public PoolCounters Counters { get; } = new();

    /// <summary>Gets a task that completes when the pool loop has ended.</summary>
    public Task Completion { get; }

    /// <summary>Starts the configured stem cells.</summary>
    public void Start() => Post(new StartRequest());

    /// <summary>Places a job (or buffers it).</summary>
    public void Run(ActivationJob job) => Post(new RunRequest(job, Rescheduled: false));

    /// <summary>
    /// Sets the memory action containers may fill (a cluster's capacity changed). Less than is in use stops new
    /// containers until enough are removed; more places buffered jobs that now fit.
    /// </summary>
    public void SetCapacity(int memoryMb) => Post(new CapacityChanged(memoryMb));

    /// <summary>Returns the pool's current state.</summary>
    public Task<PoolSnapshot> GetSnapshotAsync()
    {
        var reply = new TaskCompletionSource<PoolSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        return mailbox.Writer.TryWrite(new SnapshotRequest(reply))
            ? reply.Task
            : Task.FromException<PoolSnapshot>(new InvalidOperationException("The pool has shut down."));
    }

    /// <summary>
    /// Ends buffered jobs with a whisk error, lets running ones finish and removes every container.
    /// </summary>
    public Task ShutdownAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return mailbox.Writer.TryWrite(new ShutdownRequest(done)) ? done.Task : Completion;
    }

    void IContainerPoolParent.PrewarmReady(ContainerProxy proxy) => Post(new PrewarmReadyMessage(proxy));

    void IContainerPoolParent.PrewarmFailed(ContainerProxy proxy, string reason) => Post(new PrewarmFailedMessage(proxy, reason));

    void IContainerPoolParent.NeedWork(ContainerProxy proxy, ActionKey key) => Post(new NeedWorkMessage(proxy, key));

    void IContainerPoolParent.ContainerRemoved(ContainerProxy proxy, bool replacePrewarm) => Post(new ContainerRemovedMessage(proxy, replacePrewarm));

    void IContainerPoolParent.RescheduleJob(ContainerProxy proxy) => Post(new RescheduleJobMessage(proxy));

    void IContainerPoolParent.Reschedule(ActivationJob job) => Post(new RunRequest(job, Rescheduled: true));

    void IContainerPoolParent.JobFinished(ActivationJob job) => jobFinished(job);

    void IContainerPoolParent.ProxyStopped(ContainerProxy proxy) => Post(new ProxyStoppedMessage(proxy));

    private void Post(object message) => mailbox.Writer.TryWrite(message);

    private async Task RunLoopAsync()
    {
        await Task.Yield();
        // WaitToReadAsync is awaited here (not through ReadAllAsync) so that continuations stay on the caller's
        // synchronization context, which the virtual-time simulator relies on.
        var reader = mailbox.Reader;
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var message))
            {
                AccountMemory();
                try
                {
                    Handle(message);
                }
                catch (Exception exception)
                {
                    LogPoolFailed(logger, exception);
                }

                accountedMemoryMb = UsedMemoryMb();
                ReportHolding(accountedMemoryMb);
            }
        }

        budgetShare?.Dispose();
    }

    private void Handle(object message)
    {
        switch (message)
        {
            case RunRequest run:
                OnRun(run.Job, run.Rescheduled);
                break;
            case NeedWorkMessage needWork:
                OnNeedWork(needWork.Proxy, needWork.Key);
                break;
            case PrewarmReadyMessage ready:
                OnPrewarmReady(ready.Proxy);
                break;
            case PrewarmFailedMessage failed:
                OnPrewarmFailed(failed.Proxy, failed.Reason);
                break;
            case ContainerRemovedMessage removed:
                Leave(removed.Proxy);
                PlaceBuffered();
                if (removed.ReplacePrewarm && shutdown is null)
                {
                    AdjustPrewarms(PrewarmAdjustment.Backfill);
                }

                break;
            case RescheduleJobMessage reschedule:
                Leave(reschedule.Proxy);
                PlaceBuffered();
                break;
            case ProxyStoppedMessage stopped:
                OnProxyStopped(stopped.Proxy);
                break;
            case StartRequest:
                AdjustPrewarms(PrewarmAdjustment.Initial);
                if (prewarmConfigs.Any(c => c.Reactive is not null))
                {
                    var interval = options.PrewarmExpirationCheckInterval;
                    prewarmTimer = time.CreateTimer(_ => Post(new PrewarmCheckDue()), null, interval, interval);
                }

                break;
            case BackfillDue when shutdown is null:
                AdjustPrewarms(PrewarmAdjustment.Backfill);
                break;
            case PrewarmCheckDue:
                AdjustPrewarms(PrewarmAdjustment.Scheduled);
                break;
            case BudgetRoomFreed:
                PlaceBuffered();
                break;
            case ReleaseIdleRequest release when shutdown is null:
                OnReleaseIdle(release.MemoryMb);
                break;
            case CapacityChanged changed:
                capacityMb = changed.MemoryMb;
                PlaceBuffered();
                break;
            case SnapshotRequest snapshot:
                snapshot.Reply.TrySetResult(Snapshot());
                break;
            case ShutdownRequest request:
                OnShutdown(request.Done);
                break;
        }
    }

    private void OnRun(ActivationJob job, bool rescheduled)
    {
        if (shutdown is not null)
        {
            _ = AbortAsync(job, ActivationResponse.WhiskError("The invoker stopped before the activation could run."));
            return;
        }

        // FIFO: a new job queues behind buffered ones even if it would fit; a rescheduled one goes first.
        if (runBuffer.Count > 0)
        {
            if (rescheduled)
            {
                runBuffer.AddFirst(job);
            }
            else
            {
                runBuffer.AddLast(job);
            }

            Counters.Buffered(runBuffer.Count);
            PlaceBuffered();
            return;
        }

        if (!TrySchedule(job))
        {
            runBuffer.AddLast(job);
            Counters.Buffered(runBuffer.Count);
            WarnBuffered(job);
        }
    }

    /// <summary>Places buffered jobs from the head while they fit.</summary>
    private void PlaceBuffered()
    {
        while (runBuffer.First is { } head && TrySchedule(head.Value))
        {
            runBuffer.RemoveFirst();
        }

        if (runBuffer.Count == 0)
        {
            WithdrawRequestForRoom();
        }
    }

    private bool TrySchedule(ActivationJob job)
    {
        var memory = job.Action.Limits.MemoryMb;
        var warm = FindWarm(job.Key);
        if (warm is not null)
        {
            Assign(warm, job, warm.Kind == PoolEntryKind.Cold ? PoolEntryKind.WarmingCold : warm.Kind);
            warm.Proxy.Run(job);
            return true;
        }

        if (TakePrewarm(job))
        {
            return true;
        }

        if (HasSpaceFor(memory))
        {
            ColdStart(job);
            return true;
        }

        // Evicted containers count until they are gone, so the job waits in the buffer for their removal: the
        // containers alive never hold more than the pool's memory.
        EvictFor(memory);
        return false;
    }

    /// <summary>A container holding exactly this action for this namespace, with room: warmed first, then warming.</summary>
    private Entry? FindWarm(ActionKey key)
    {
        Entry? best = null;
        foreach (var entry in entries.Values)
        {
            if (entry.Key != key || !entry.HasCapacity)
            {
                continue;
            }

            if (best is null || Preference(entry.Kind) < Preference(best.Kind))
            {
                best = entry;
            }
        }

        return best;

        static int Preference(PoolEntryKind kind) => kind switch
        {
            PoolEntryKind.Warmed => 0,
            PoolEntryKind.Warming => 1,
            _ => 2,
        };
    }

    private bool ColdStartIfSpace(ActivationJob job)
    {
        if (!HasSpaceFor(job.Action.Limits.MemoryMb))
        {
            return false;
        }

        ColdStart(job);
        return true;
    }

    private void Assign(Entry entry, ActivationJob job, PoolEntryKind kind)
    {
        entry.Kind = kind;
        entry.Key = job.Key;
        entry.MemoryMb = job.Action.Limits.MemoryMb;
        entry.MaxConcurrent = job.Action.Limits.Concurrency;
        entry.ActiveCount++;
        entry.LastUsed = time.GetUtcNow();
    }

    private void OnNeedWork(ContainerProxy proxy, ActionKey key)
    {
        if (!entries.TryGetValue(proxy, out var entry))
        {
            return;
        }

        entry.Kind = PoolEntryKind.Warmed;
        entry.Key = key;
        entry.ActiveCount = Math.Max(0, entry.ActiveCount - 1);
        PlaceBuffered();
        GiveUpIdleIfWanted();
    }

    private void OnShutdown(TaskCompletionSource done)
    {
        shutdown = done;
        prewarmTimer?.Dispose();
        while (runBuffer.First is { } head)
        {
            runBuffer.RemoveFirst();
            _ = AbortAsync(head.Value, ActivationResponse.WhiskError("The invoker stopped before the activation could run."));
        }

        foreach (var proxy in live)
        {
            proxy.Remove();
        }

        entries.Clear();
        prewarmStarting.Clear();
        if (live.Count == 0)
        {
            done.TrySetResult();
            mailbox.Writer.TryComplete();
        }
    }

    private async Task AbortAsync(ActivationJob job, ActivationResponse response)
    {
        var now = time.GetUtcNow();
        var record = ActivationRecordFactory.Create(job, response, now, now, null, now - DateTimeOffset.FromUnixTimeMilliseconds(job.Message.TransactionId.StartEpochMs), false);
        await deps.Reporter.StoreAndCompleteAsync(job.Message, record, CancellationToken.None);
        jobFinished(job);
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Container pool failed to handle a message")]
    private static partial void LogPoolFailed(ILogger logger, Exception exception);
}
