using System.Threading.Channels;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// Owns one container (OpenWhisk's ContainerProxy): creates it, initializes it with an action, runs activations in
/// it (several at once up to the action's concurrency), pauses and removes it when idle as its pool's scheduling policy
/// planned (<see cref="IdlePlan"/>), or after a failure; or prepares a container with an action ahead of its arrival. An actor: one mailbox, one reader loop, and the state below is touched only by that loop.
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
    private Phase phase = new EmptyPhase();
    private IdlePlan idle = new(TimeSpan.Zero, TimeSpan.Zero);
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
    public ContainerProxyState State => Volatile.Read(ref phase).State;

    /// <summary>Gets a task that completes when the proxy has stopped and its container is gone.</summary>
    public Task Completion { get; }

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
                Stop();
                break;

            // A stem cell is being created.
            case (StartingPhase, PrewarmCreated created):
                Become(new StemCellPhase(created.Container));
                parent.PrewarmReady(this);
                Unstash();
                break;
            case (StartingPhase, PrewarmFailed failed):
                parent.PrewarmFailed(this, failed.Reason);
                Stop();
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
            case (ReadyPhase ready, PauseDue due) when due.Generation == timerGeneration:
                Become(new PausingPhase(ready.Container));
                _ = PauseAsync(ready.Container);
                break;
            case (ReadyPhase, IdleDue due) when due.Generation == timerGeneration:
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
                    StartTimer(idle.RemoveAfter - idle.PauseGrace, generation => new IdleDue(generation));
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
            case (PausedPhase, IdleDue due) when due.Generation == timerGeneration:
                Destroy(replacePrewarm: false);
                break;
            case (PausedPhase, RemoveRequest):
            case (PausedPhase, LogsFailed):
                Destroy(replacePrewarm: true);
                break;

            case (RemovingPhase removing, _):
                HandleRemoving(removing, message);
                break;
        }
    }

    /// <summary>
    /// Replaces the proxy's state; entering another phase than the current one cancels the phase's timer (a timer
    /// that already fired is recognized as stale by its generation).
    /// </summary>
    private void Become(Phase next)
    {
        var changed = next.State != phase.State;
        Volatile.Write(ref phase, next);
        if (changed)
        {
            timerGeneration++;
            timer?.Dispose();
            timer = null;
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
            StartTimer(idle.RemoveAfter, generation => new IdleDue(generation));
        }
        else
        {
            StartTimer(idle.PauseGrace, generation => new PauseDue(generation));
        }

        Unstash();
    }

    private void StartTimer(TimeSpan delay, Func<int, object> message)
    {
        var generation = timerGeneration;
        timer = deps.Time.CreateTimer(_ => Post(message(generation)), null, TimerDelay.Clamp(delay), Timeout.InfiniteTimeSpan);
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
}
