using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Actors;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Owns one container (OpenWhisk's ContainerProxy): creates it, initializes it with an action, runs activations in
/// it (several at once up to the action's concurrency), pauses and removes it when idle as its pool's scheduling policy
/// planned (<see cref="IdlePlan"/>), or after a failure; or prepares a container with an action ahead of its arrival. An
/// <see cref="Actor{TMessage}"/>: the state below is touched only by its loop, and the phase's one timer (pause or
/// removal) is a keyed timer that entering another phase cancels.
/// Slow work (create, run, pause, destroy) runs as separate tasks that post their outcome back to the mailbox.
/// </summary>
internal sealed partial class ContainerProxy : Actor<ProxyMessage>
{
    /// <summary>The key of the phase's timer: a ready container's pause, an idle one's removal.</summary>
    private static readonly object PhaseTimer = new();
    private readonly IContainerPoolParent parent;
    private readonly ContainerProxyDependencies deps;
    private readonly PoolCounters counters;
    private readonly Queue<ActivationJob> runBuffer = new();
    private readonly Queue<ProxyMessage> stash = new();
    private readonly CancellationTokenSource stopping = new();
    private Phase phase = new EmptyPhase();
    private IdlePlan idle = new(TimeSpan.Zero, TimeSpan.Zero);

    public ContainerProxy(int number, IContainerPoolParent parent, ContainerProxyDependencies deps, PoolCounters counters)
        : base(deps.Logger, deps.Time, takeOnPosterThread: true)
    {
        Number = number;
        this.counters = counters;
        this.parent = parent;
        this.deps = deps;
        StartReceiving();
    }

    /// <summary>Gets the proxy's number within its pool.</summary>
    public int Number { get; }

    /// <summary>Gets the current state (for diagnostics; read from other threads without guarantees).</summary>
    public ContainerProxyState State => Volatile.Read(ref phase).State;

    /// <summary>Creates a stem cell.</summary>
    public void StartPrewarm(ContainerRequest request) => Post(new PrewarmStart(request));

    /// <summary>
    /// Runs a job; <paramref name="idlePlan"/> says how long the container is kept once idle (the latest plan wins) and
    /// <paramref name="coldStart"/> how to create the container if there is none.
    /// </summary>
    public void Run(ActivationJob job, IdlePlan idlePlan, ContainerRequest? coldStart = null) => Post(new RunJob(job, idlePlan, coldStart));

    /// <summary>
    /// Creates a container with <paramref name="request"/> and initializes it with the action of <paramref name="template"/>
    /// (no activation runs), then keeps it idle as <paramref name="idlePlan"/> says: ready for the action's next arrival.
    /// </summary>
    public void Prepare(ActivationJob template, ContainerRequest request, IdlePlan idlePlan) => Post(new PrepareStart(template, request, idlePlan));

    /// <summary>Removes the container once no activation runs in it.</summary>
    public void Remove() => Post(new RemoveRequest());

    protected override ValueTask ReceiveAsync(ProxyMessage message)
    {
        Handle(message);
        return ValueTask.CompletedTask;
    }

    /// <summary>The proxy has stopped and its container is gone: the pool is told.</summary>
    protected override void OnStopped() => parent.ProxyStopped(this);

    private void Handle(ProxyMessage message)
    {
        switch (phase, message)
        {
            // A new proxy becomes a stem cell, runs a job cold, or prepares a container for an action.
            case (EmptyPhase, PrewarmStart start):
                Become(new StartingPhase());
                _ = CreatePrewarmAsync(start.Request);
                break;
            case (EmptyPhase, RunJob run):
                counters.ColdStarted();
                idle = run.IdlePlan;
                Become(new RunningPhase(null, Active: 1, Initialized: false, Condemned: false));
                _ = ColdStartAsync(run.Job, run.ColdStart!);
                break;
            case (EmptyPhase, PrepareStart prepare):
                idle = prepare.IdlePlan;
                Become(new RunningPhase(null, Active: 0, Initialized: false, Condemned: false));
                _ = PrepareAsync(prepare.Template, prepare.Request);
                break;
            case (EmptyPhase, RemoveRequest):
                Terminate();
                break;

            // A stem cell is being created.
            case (StartingPhase, PrewarmCreated created):
                Become(new StemCellPhase(created.Container));
                parent.PrewarmReady(this);
                Unstash();
                break;
            case (StartingPhase, PrewarmFailed failed):
                parent.PrewarmFailed(this, failed.Reason);
                Terminate();
                break;
            case (StartingPhase, _):
                stash.Enqueue(message);
                break;

            // A stem cell waits for its first job.
            case (StemCellPhase stemCell, RunJob run):
                counters.PrewarmStarted();
                idle = run.IdlePlan;
                Become(new RunningPhase(stemCell.Container, Active: 1, Initialized: false, Condemned: false));
                Execute(stemCell.Container, run.Job, initialize: true, reusedWarm: false);
                break;
            case (StemCellPhase, RemoveRequest):
                Destroy(replacePrewarm: false);
                break;

            case (RunningPhase running, _):
                HandleRunning(running, message);
                break;

            // Idle within the pause grace: reuse at once, or pause (or go) when the plan says.
            case (ReadyPhase ready, RunJob run):
                idle = run.IdlePlan;
                Become(new RunningPhase(ready.Container, Active: 1, Initialized: true, Condemned: false));
                Execute(ready.Container, run.Job, initialize: false, reusedWarm: true);
                break;
            case (ReadyPhase ready, PauseDue):
                Become(new PausingPhase(ready.Container));
                _ = PauseAsync(ready.Container);
                break;
            case (ReadyPhase, IdleDue):
                Destroy(replacePrewarm: false);
                break;
            case (ReadyPhase, RemoveRequest):
            case (ReadyPhase, LogsFailed):
                Destroy(replacePrewarm: true);
                break;

            case (PausingPhase pausing, PauseFinished paused):
                if (paused.Error is null)
                {
                    Become(new PausedPhase(pausing.Container));
                    StartTimer(PhaseTimer, new IdleDue(), TimerDelay.Clamp(idle.RemoveAfter - idle.PauseGrace));
                    Unstash();
                }
                else
                {
                    Destroy(replacePrewarm: true);
                }

                break;
            case (PausingPhase, _):
                stash.Enqueue(message);
                break;

            // Paused: resume for the next job, or go away when the plan says.
            case (PausedPhase paused, RunJob run):
                counters.WarmStarted();
                idle = run.IdlePlan;
                Become(new RunningPhase(paused.Container, Active: 1, Initialized: true, Condemned: false));
                _ = ResumeAndExecuteAsync(paused.Container, run.Job);
                break;
            case (PausedPhase, IdleDue):
                Destroy(replacePrewarm: false);
                break;
            case (PausedPhase, RemoveRequest):
            case (PausedPhase, LogsFailed):
                Destroy(replacePrewarm: true);
                break;

            case (RemovingPhase removing, _):
                HandleRemoving(removing, message);
                break;

            default:
                Unhandled(message);
                break;
        }
    }

    /// <summary>
    /// Replaces the proxy's state; entering another phase than the current one cancels the phase's timer (and its
    /// message, if it fired already).
    /// </summary>
    private void Become(Phase next)
    {
        var changed = next.State != phase.State;
        Volatile.Write(ref phase, next);
        if (changed)
        {
            CancelTimer(PhaseTimer);
        }
    }

    /// <summary>
    /// Nothing runs any more: the container is ready at once for the pause grace, then paused until its removal; or
    /// removed without pausing when the plan keeps it no longer than the pause grace.
    /// </summary>
    private void BecomeIdle(IContainer container)
    {
        Become(new ReadyPhase(container));
        if (idle.RemoveAfter <= idle.PauseGrace)
        {
            StartTimer(PhaseTimer, new IdleDue(), TimerDelay.Clamp(idle.RemoveAfter));
        }
        else
        {
            StartTimer(PhaseTimer, new PauseDue(), TimerDelay.Clamp(idle.PauseGrace));
        }

        Unstash();
    }

    private void Unstash()
    {
        var pending = stash.Count;
        for (var i = 0; i < pending; i++)
        {
            Handle(stash.Dequeue());
        }
    }

    /// <summary>Ends the proxy: its slow work is cancelled and its loop ends once the messages already posted are handled.</summary>
    private void Terminate()
    {
        stopping.Cancel();
        Stop();
    }
}
