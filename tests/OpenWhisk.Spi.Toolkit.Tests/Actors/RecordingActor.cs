using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Toolkit.Actors;

namespace OpenWhisk.Spi.Toolkit.Tests.Actors;

/// <summary>An actor that records what it takes, for <see cref="ActorTests"/>.</summary>
internal sealed class RecordingActor : Actor<TestMessage>
{
    private readonly List<string> received = [];
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int running;

    public RecordingActor(ILogger logger, TimeProvider time, int capacity = 0, bool takeOnPosterThread = false)
        : base(logger, time, capacity, takeOnPosterThread) => StartReceiving();

    /// <summary>Gets the names of the messages taken, in order (read it once the actor is quiet).</summary>
    public IReadOnlyList<string> Received
    {
        get
        {
            lock (received)
            {
                return [.. received];
            }
        }
    }

    /// <summary>Gets the most handlers seen running at once.</summary>
    public int MostAtOnce { get; private set; }

    /// <summary>Gets a task that completes when <see cref="OnStopped"/> ran.</summary>
    public Task Stopped => stopped.Task;

    public bool Send(TestMessage message) => Post(message);

    public Task StopAsync() => StopFromOutsideAsync();

    protected override async ValueTask ReceiveAsync(TestMessage message)
    {
        MostAtOnce = Math.Max(MostAtOnce, Interlocked.Increment(ref running));
        try
        {
            switch (message)
            {
                case TestMessage.Named named:
                    Record(named.Name);
                    break;
                case TestMessage.Slow slow:
                    await Task.Delay(slow.Delay);
                    Record(slow.Name);
                    break;
                case TestMessage.Gate gate:
                    gate.Entered?.TrySetResult();
                    await gate.Open.Task;
                    if (gate.CancelAfterwards is { } key)
                    {
                        Record("cancelled:" + CancelTimer(key));
                    }

                    break;
                case TestMessage.Failing:
                    throw new InvalidOperationException("the handler failed");
                case TestMessage.StartTimerMessage start:
                    StartTimer(start.Key, new TestMessage.Named(start.Name), start.Delay, start.Period);
                    break;
                case TestMessage.CancelTimerMessage cancel:
                    CancelTimer(cancel.Key);
                    break;
                case TestMessage.Probe probe:
                    Record("timer-active:" + IsTimerActive(probe.Key));
                    probe.Done.TrySetResult();
                    break;
                case TestMessage.Flush flush:
                    flush.Done.TrySetResult();
                    break;
                case TestMessage.PostToSelf postToSelf:
                    Record(postToSelf.Name + ":before");
                    Post(postToSelf.Next);
                    Record(postToSelf.Name + ":after");
                    break;
                case TestMessage.ThreadProbe probe:
                    probe.Thread.TrySetResult(Environment.CurrentManagedThreadId);
                    break;
                case TestMessage.LockProbe lockProbe:
                    lockProbe.Held.TrySetResult(Monitor.IsEntered(lockProbe.Lock));
                    break;
                case TestMessage.Quit:
                    Stop();
                    break;
                default:
                    Unhandled(message);
                    break;
            }
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    protected override void OnStopped() => stopped.TrySetResult();

    private void Record(string name)
    {
        lock (received)
        {
            received.Add(name);
        }
    }
}
