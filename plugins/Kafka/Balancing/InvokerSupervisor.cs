using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Toolkit.Actors;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// Tracks invoker health from their pings and from how their activations end (OpenWhisk's InvokerPool and
/// InvokerActor): a new invoker starts Unhealthy and gets a test action; Healthy, Unhealthy and Unresponsive become
/// Offline after <see cref="KafkaLoadBalancerOptions.OfflineAfter"/> without a ping; of the last ten activations,
/// more than three system errors make it Unhealthy, more than three timeouts Unresponsive, a success Healthy;
/// while fewer than four results are known, an error or timeout moves it right away. A silent invoker gets no new
/// work, but what it holds is left to its completions or, failing those, to the completion timeout, as in OpenWhisk:
/// an invoker stalled for a while (a long GC pause, a frozen VM, SIGSTOP) finishes its activations without false
/// errors. Only a restarted invoker (a ping with a new incarnation) has certainly lost what its predecessor held, and
/// those activations are forced to end at once. An <see cref="Actor{TMessage}"/> with a bounded mailbox (health signals
/// beyond it are dropped); others read the health it publishes whenever its mailbox is empty (<see cref="Health"/>).
/// </summary>
internal sealed partial class InvokerSupervisor : Actor<SupervisorMessage>, IAsyncDisposable
{
    private const int BufferSize = 10;
    private const int ErrorTolerance = 3;
    private const int MailboxCapacity = 10_000;
    private static readonly object TickTimer = new();
    private readonly Dictionary<int, Status> invokers = [];
    private readonly Dictionary<string, (int Instance, DateTimeOffset Deadline)> pendingTests = new(StringComparer.Ordinal);
    private readonly KafkaLoadBalancerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly Func<InvokerInstanceId, Task<string?>> sendTestAction;
    private readonly Func<InvokerInstanceId, Task> invokerRestarted;
    private volatile IReadOnlyList<InvokerHealth> health = [];

    public InvokerSupervisor(
        KafkaLoadBalancerOptions options,
        TimeProvider time,
        ILogger logger,
        Func<InvokerInstanceId, Task<string?>> sendTestAction,
        Func<InvokerInstanceId, Task> invokerRestarted)
        : base(logger, time, MailboxCapacity)
    {
        this.options = options;
        this.time = time;
        this.logger = logger;
        this.sendTestAction = sendTestAction;
        this.invokerRestarted = invokerRestarted;
        StartTimer(TickTimer, new Tick(), TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        StartReceiving();
    }

    /// <summary>Gets every invoker known so far, by instance number; gaps are Offline placeholders.</summary>
    public IReadOnlyList<InvokerHealth> Health => health;

    public void Ping(PingMessage ping) => Post(new PingReceived(ping));

    /// <summary>Reports how an activation on an invoker ended.</summary>
    public void Report(int instance, ActivationEnd end) => Post(new Finished(instance, end));

    /// <summary>Reports the completion of a test action.</summary>
    public void TestCompleted(string activationId, bool systemError) => Post(new TestDone(activationId, systemError));

    /// <summary>Completes when every message sent before has been handled and its effect published.</summary>
    internal Task FlushAsync()
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Post(new Flush(flushed));
        return flushed.Task;
    }

    public async ValueTask DisposeAsync() => await StopFromOutsideAsync();

    protected override ValueTask ReceiveAsync(SupervisorMessage message) => new(HandleAsync(message));

    protected override void OnMailboxEmpty() => Publish();

    private async Task HandleAsync(SupervisorMessage message)
    {
        var now = time.GetUtcNow();
        switch (message)
        {
            case PingReceived received:
                await OnPingAsync(received.Ping, now);
                break;
            case Finished finished when invokers.TryGetValue(finished.Instance, out var status):
                await OnResultAsync(status, finished.End, now);
                break;
            case TestDone done when pendingTests.Remove(done.ActivationId, out var test) && invokers.TryGetValue(test.Instance, out var tested):
                await OnResultAsync(tested, done.SystemError ? ActivationEnd.SystemError : ActivationEnd.Success, now);
                break;
            case Tick:
                await OnTickAsync(now);
                break;
            case Flush flush:
                Publish();
                flush.Done.TrySetResult();
                break;

            // News of an invoker or a test action no longer tracked.
            case Finished or TestDone:
                break;
            default:
                Unhandled(message);
                break;
        }
    }

    private async Task OnPingAsync(PingMessage ping, DateTimeOffset now)
    {
        var id = ping.Name;
        if (!invokers.TryGetValue(id.Instance, out var status))
        {
            status = new Status(id) { State = InvokerState.Offline };
            invokers.Add(id.Instance, status);
        }

        status.Id = id;
        status.LastPing = now;
        if (ping.Incarnation is { } incarnation)
        {
            if (status.Incarnation is { } previous && previous != incarnation)
            {
                // A new process: whatever the previous one had taken will never be answered.
                LogRestarted(logger, id.ToString());
                status.Results.Clear();
                _ = EndActivationsOfAsync(id);
            }

            status.Incarnation = incarnation;
        }

        if (!ping.IsEnabled)
        {
            await MoveAsync(status, InvokerState.Offline, now);
        }
        else if (status.State == InvokerState.Offline)
        {
            await MoveAsync(status, InvokerState.Unhealthy, now);
        }
    }

    private async Task OnResultAsync(Status status, ActivationEnd end, DateTimeOffset now)
    {
        if (end == ActivationEnd.Abandoned)
        {
            return;
        }

        status.Results.Enqueue(end);
        while (status.Results.Count > BufferSize)
        {
            status.Results.Dequeue();
        }

        if (end == ActivationEnd.Success && status.State == InvokerState.Unhealthy)
        {
            await SendTestAsync(status, now);
        }

        if ((status.State == InvokerState.Healthy && end == ActivationEnd.Success) || status.State == InvokerState.Offline)
        {
            return;
        }

        if (status.Results.Count(r => r == ActivationEnd.SystemError) > ErrorTolerance)
        {
            await MoveAsync(status, InvokerState.Unhealthy, now);
        }
        else if (status.Results.Count(r => r == ActivationEnd.Timeout) > ErrorTolerance)
        {
            await MoveAsync(status, InvokerState.Unresponsive, now);
        }
        else if (end == ActivationEnd.Success)
        {
            await MoveAsync(status, InvokerState.Healthy, now);
        }
        else if (status.Results.Count <= ErrorTolerance)
        {
            // Too few results to tell: trust the newest one.
            await MoveAsync(status, end == ActivationEnd.SystemError ? InvokerState.Unhealthy : InvokerState.Unresponsive, now);
        }
    }

    private async Task OnTickAsync(DateTimeOffset now)
    {
        foreach (var (activationId, test) in pendingTests.Where(t => t.Value.Deadline <= now).ToList())
        {
            pendingTests.Remove(activationId);
            if (invokers.TryGetValue(test.Instance, out var status))
            {
                await OnResultAsync(status, ActivationEnd.Timeout, now);
            }
        }

        foreach (var status in invokers.Values)
        {
            if (status.State != InvokerState.Offline && now - status.LastPing >= options.OfflineAfter)
            {
                // Silent: no new work. What it holds is left to its completions or to the completion timeout.
                await MoveAsync(status, InvokerState.Offline, now);
            }
            else if (status.State is InvokerState.Unhealthy or InvokerState.Unresponsive && now >= status.NextTest)
            {
                await SendTestAsync(status, now);
            }
        }
    }

    private async Task MoveAsync(Status status, InvokerState state, DateTimeOffset now)
    {
        if (status.State == state)
        {
            return;
        }

        LogStateChanged(logger, status.Id.ToString(), status.State.ToWireString(), state.ToWireString());
        status.State = state;

        // The balancer must stop (or start) using the invoker now, not after the rest of the mailbox.
        Publish();
        if (state is InvokerState.Unhealthy or InvokerState.Unresponsive)
        {
            await SendTestAsync(status, now);
        }
        else if (state == InvokerState.Offline)
        {
            // Nothing it had will be answered now; a test outstanding from before would count as a timeout later.
            status.Results.Clear();
            foreach (var activationId in pendingTests.Where(t => t.Value.Instance == status.Id.Instance).Select(t => t.Key).ToList())
            {
                pendingTests.Remove(activationId);
            }
        }
    }

    /// <summary>Forces the activations of an invoker that restarted, off the mailbox loop: that can take a while.</summary>
    private async Task EndActivationsOfAsync(InvokerInstanceId invoker)
    {
        try
        {
            await Task.Run(() => invokerRestarted(invoker));
        }
        catch (Exception exception)
        {
            LogSupervisionFailed(logger, exception);
        }
    }

    private async Task SendTestAsync(Status status, DateTimeOffset now)
    {
        status.NextTest = now + options.TestActionInterval;
        var activationId = await sendTestAction(status.Id);
        if (activationId is not null)
        {
            pendingTests[activationId] = (status.Id.Instance, now + options.TestActionTimeout);
        }
    }

    private void Publish()
    {
        if (invokers.Count == 0)
        {
            health = [];
            return;
        }

        var list = new List<InvokerHealth>();
        for (var instance = 0; instance <= invokers.Keys.Max(); instance++)
        {
            list.Add(invokers.TryGetValue(instance, out var status)
                ? new InvokerHealth(status.Id, status.State)
                : new InvokerHealth(new InvokerInstanceId { Instance = instance, UserMemoryMb = 0 }, InvokerState.Offline));
        }

        health = list;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Invoker {Invoker} is now {State} (was {Previous})")]
    private static partial void LogStateChanged(ILogger logger, string invoker, string previous, string state);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Invoker {Invoker} restarted; the activations it held are forced to end")]
    private static partial void LogRestarted(ILogger logger, string invoker);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invoker supervision failed to handle a message")]
    private static partial void LogSupervisionFailed(ILogger logger, Exception exception);

    private sealed class Status(InvokerInstanceId id)
    {
        public InvokerInstanceId Id { get; set; } = id;

        public InvokerState State { get; set; }

        public DateTimeOffset LastPing { get; set; }

        public DateTimeOffset NextTest { get; set; }

        public Queue<ActivationEnd> Results { get; } = new();

        public string? Incarnation { get; set; }
    }

    private sealed record PingReceived(PingMessage Ping) : SupervisorMessage;

    private sealed record Finished(int Instance, ActivationEnd End) : SupervisorMessage;

    private sealed record TestDone(string ActivationId, bool SystemError) : SupervisorMessage;

    private sealed record Tick : SupervisorMessage;

    private sealed record Flush(TaskCompletionSource Done) : SupervisorMessage;
}
