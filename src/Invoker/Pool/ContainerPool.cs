using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Actors;
using OpenWhisk.Spi.Toolkit.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Places activations in containers (OpenWhisk's ContainerPool): in the existing container its scheduling policy
/// chooses (<see cref="ISchedulingPolicy"/>: the <c>openwhisk</c> policy takes a warm container holding the same action
/// for the same namespace, then a stem cell of the same kind and memory), else a new container if memory allows, else
/// a strictly FIFO run buffer, from which a job gets a new container once the idle ones the policy chose to remove are
/// gone (a container's memory counts until it is destroyed). Keeps the stem cells the policy sizes, and prepares
/// containers the policy plans ahead of an action's arrival. An <see cref="Actor{TMessage}"/>: the state below is touched
/// only by its loop, and the policy is asked only from it.
/// </summary>
internal sealed partial class ContainerPool : Actor<PoolMessage>, IContainerPoolParent
{
    /// <summary>The key of the timer that checks the reactive stem cells.</summary>
    private static readonly object PrewarmCheckTimer = new();
    private readonly PoolEntries entries = new();
    private readonly Dictionary<ContainerProxy, (string Kind, int MemoryMb)> prewarmStarting = [];
    private readonly Dictionary<ContainerProxy, int> leaving = [];
    private readonly HashSet<ContainerProxy> live = [];
    private readonly LinkedList<BufferedJob> runBuffer = new();
    private readonly Dictionary<(string Kind, int MemoryMb), int> coldStartsByStemCell = [];
    private readonly List<PrewarmConfig> prewarmConfigs;
    private readonly string owner;
    private readonly RuntimesManifest manifest;
    private readonly ContainerPoolOptions options;
    private readonly ContainerProxyDependencies deps;
    private readonly Action<ActivationJob> jobFinished;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly ISchedulingPolicy policy;
    private int proxyCount;
    private int capacityMb;
    private readonly StemCellBackoff stemCellBackoff;
    private long lastAccounting;
    private int accountedMemoryMb;
    private double memoryMbSeconds;
    private long lastBufferWarning;
    private readonly IMemoryBudgetShare? budgetShare;
    private int reportedMb;
    private TaskCompletionSource? shutdown;

    public ContainerPool(
        string owner,
        RuntimesManifest manifest,
        ContainerPoolOptions options,
        ContainerProxyDependencies deps,
        Action<ActivationJob> jobFinished,
        ISharedMemoryBudget? memoryBudget = null,
        ISchedulingPolicy? policy = null)
        : base(deps.Logger, deps.Time, takeOnPosterThread: true)
    {
        this.owner = owner;
        this.manifest = manifest;
        this.options = options;
        this.deps = deps;
        this.jobFinished = jobFinished;
        time = deps.Time;
        logger = deps.Logger;
        this.policy = policy ?? new OpenWhiskSchedulingPolicy(new SchedulingPolicyContext(owner, options.PauseGrace, options.IdleTimeout));
        prewarmConfigs = manifest.Kinds
            .SelectMany(k => k.StemCells.Select(c => new PrewarmConfig(k.Kind, k.Image, c.MemoryMb, c.InitialCount, c.Reactive)))
            .ToList();
        capacityMb = options.UserMemoryMb;
        stemCellBackoff = new StemCellBackoff(options.PrewarmRetryInitialDelay, options.PrewarmRetryMaxDelay);
        lastAccounting = time.GetTimestamp();
        budgetShare = memoryBudget?.Join("invoker pool " + owner, this);
        StartReceiving();
    }

    /// <summary>Gets the scheduling policy the pool asks.</summary>
    public ISchedulingPolicy Policy => policy;

    /// <summary>Gets what the pool has done so far.</summary>
    public PoolCounters Counters { get; } = new();

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
        return Post(new SnapshotRequest(reply))
            ? reply.Task
            : Task.FromException<PoolSnapshot>(new InvalidOperationException("The pool has shut down."));
    }

    /// <summary>
    /// Ends buffered jobs with a whisk error, lets running ones finish and removes every container.
    /// </summary>
    public Task ShutdownAsync()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return Post(new ShutdownRequest(done)) ? done.Task : Completion;
    }

    void IContainerPoolParent.PrewarmReady(ContainerProxy proxy) => Post(new PrewarmReadyMessage(proxy));

    void IContainerPoolParent.PrewarmFailed(ContainerProxy proxy, string reason) => Post(new PrewarmFailedMessage(proxy, reason));

    void IContainerPoolParent.NeedWork(ContainerProxy proxy, ActionKey key) => Post(new NeedWorkMessage(proxy, key));

    void IContainerPoolParent.ContainerRemoved(ContainerProxy proxy, bool replacePrewarm) => Post(new ContainerRemovedMessage(proxy, replacePrewarm));

    void IContainerPoolParent.RescheduleJob(ContainerProxy proxy) => Post(new RescheduleJobMessage(proxy));

    void IContainerPoolParent.Reschedule(ActivationJob job) => Post(new RunRequest(job, Rescheduled: true));

    void IContainerPoolParent.JobFinished(ActivationJob job) => jobFinished(job);

    void IContainerPoolParent.ProxyStopped(ContainerProxy proxy) => Post(new ProxyStoppedMessage(proxy));

    void IContainerPoolParent.Prepared(ContainerProxy proxy) => Post(new PreparedMessage(proxy));

    protected override ValueTask ReceiveAsync(PoolMessage message)
    {
        AccountMemory();
        try
        {
            Handle(message);
        }
        finally
        {
            accountedMemoryMb = UsedMemoryMb();
            ReportHolding(accountedMemoryMb);
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>The loop has ended (after shutdown): the pool leaves the shared memory budget.</summary>
    protected override void OnStopped() => budgetShare?.Dispose();

    private void Handle(PoolMessage message)
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
                    AdjustPrewarms(StemCellTrigger.Backfill);
                }

                break;
            case RescheduleJobMessage reschedule:
                Leave(reschedule.Proxy);
                PlaceBuffered();
                break;
            case ProxyStoppedMessage stopped:
                OnProxyStopped(stopped.Proxy);
                break;
            case PreparedMessage prepared:
                OnPrepared(prepared.Proxy);
                break;
            case PrepareDue due:
                OnPrepareDue(due);
                break;
            case StartRequest:
                AdjustPrewarms(StemCellTrigger.Initial);
                if (prewarmConfigs.Any(c => c.Reactive is not null))
                {
                    var interval = options.PrewarmExpirationCheckInterval;
                    StartTimer(PrewarmCheckTimer, new PrewarmCheckDue(), interval, interval);
                }

                break;
            case BackfillDue when shutdown is null:
                AdjustPrewarms(StemCellTrigger.Backfill);
                break;
            case BackfillDue:
                break;
            case PrewarmCheckDue:
                AdjustPrewarms(StemCellTrigger.Scheduled);
                break;
            case BudgetRoomFreed:
                PlaceBuffered();
                break;
            case ReleaseIdleRequest release when shutdown is null:
                OnReleaseIdle(release.MemoryMb);
                break;
            case ReleaseIdleRequest:
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
            default:
                Unhandled(message);
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
        var buffered = new BufferedJob(job, rescheduled);
        if (runBuffer.Count > 0)
        {
            if (rescheduled)
            {
                runBuffer.AddFirst(buffered);
            }
            else
            {
                runBuffer.AddLast(buffered);
            }

            Counters.Buffered(runBuffer.Count);
            PlaceBuffered();
            return;
        }

        if (!TrySchedule(job, rescheduled))
        {
            runBuffer.AddLast(buffered);
            Counters.Buffered(runBuffer.Count);
            WarnBuffered(job);
        }
    }

    /// <summary>Places buffered jobs from the head while they fit.</summary>
    private void PlaceBuffered()
    {
        // The head leaves the buffer while it is placed, so that what the placement does next (preparations, which
        // never take memory others wait for) sees only the jobs still waiting.
        while (runBuffer.First is { } head)
        {
            runBuffer.RemoveFirst();
            if (!TrySchedule(head.Value.Job, head.Value.Rescheduled))
            {
                runBuffer.AddFirst(head);
                break;
            }
        }

        if (runBuffer.Count == 0)
        {
            WithdrawRequestForRoom();
        }
    }

    private void Assign(Entry entry, ActivationJob job, PoolEntryKind kind)
    {
        entries.Hold(entry, job.Key);
        entry.Kind = kind;
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

        entries.Hold(entry, key);
        entry.Kind = PoolEntryKind.Warmed;
        entry.ActiveCount = Math.Max(0, entry.ActiveCount - 1);
        PlaceBuffered();
        GiveUpIdleIfWanted();
    }

    private void OnShutdown(TaskCompletionSource done)
    {
        shutdown = done;
        CancelTimer(PrewarmCheckTimer);
        while (runBuffer.First is { } head)
        {
            runBuffer.RemoveFirst();
            _ = AbortAsync(head.Value.Job, ActivationResponse.WhiskError("The invoker stopped before the activation could run."));
        }

        CancelPreparations();

        foreach (var proxy in live)
        {
            proxy.Remove();
        }

        entries.Clear();
        prewarmStarting.Clear();
        if (live.Count == 0)
        {
            done.TrySetResult();
            Stop();
        }
    }

    private async Task AbortAsync(ActivationJob job, ActivationResponse response)
    {
        var now = time.GetUtcNow();
        var record = ActivationRecordFactory.Create(job, response, now, now, null, now - DateTimeOffset.FromUnixTimeMilliseconds(job.Message.TransactionId.StartEpochMs), false);
        await deps.Reporter.StoreAndCompleteAsync(job.Message, record, CancellationToken.None);
        jobFinished(job);
    }
}
