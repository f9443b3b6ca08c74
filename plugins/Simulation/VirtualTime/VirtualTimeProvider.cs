namespace OpenWhisk.Plugins.Simulation.VirtualTime;

/// <summary>
/// A clock that moves only when <see cref="VirtualTimeScheduler"/> advances it to the next due timer. Timers fire
/// on the scheduler's thread, in due-time order.
/// </summary>
public sealed class VirtualTimeProvider : TimeProvider
{
    private readonly Lock gate = new();
    private readonly PriorityQueue<VirtualTimer, (long Due, long Sequence)> timers = new();
    private readonly DateTimeOffset origin;
    private long elapsedTicks;
    private long sequence;

    /// <summary>Initializes a new clock that starts at <paramref name="start"/>.</summary>
    /// <param name="start">The initial time.</param>
    public VirtualTimeProvider(DateTimeOffset start) => origin = start;

    /// <summary>Gets how much virtual time has passed.</summary>
    public TimeSpan Elapsed => TimeSpan.FromTicks(Interlocked.Read(ref elapsedTicks));

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override DateTimeOffset GetUtcNow() => origin + Elapsed;

    public override long GetTimestamp() => Interlocked.Read(ref elapsedTicks);

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new VirtualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Moves the clock to the earliest due timer and fires every timer due then.</summary>
    /// <returns>False when no timer is scheduled.</returns>
    internal bool AdvanceToNextTimer()
    {
        List<VirtualTimer> due;
        lock (gate)
        {
            while (timers.TryPeek(out var head, out var key) && !head.IsScheduledAt(key.Sequence))
            {
                timers.Dequeue();
            }

            if (!timers.TryPeek(out _, out var next))
            {
                return false;
            }

            if (next.Due > elapsedTicks)
            {
                Interlocked.Exchange(ref elapsedTicks, next.Due);
            }

            due = [];
            while (timers.TryPeek(out var timer, out var key) && key.Due <= elapsedTicks)
            {
                timers.Dequeue();
                if (timer.IsScheduledAt(key.Sequence))
                {
                    due.Add(timer);
                }
            }
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }

        return true;
    }

    /// <summary>Schedules a timer; returns the sequence number that identifies this schedule.</summary>
    internal long Schedule(VirtualTimer timer, TimeSpan dueTime)
    {
        lock (gate)
        {
            var id = ++sequence;
            var due = elapsedTicks + Math.Max(0, dueTime.Ticks);
            timers.Enqueue(timer, (due, id));
            return id;
        }
    }
}
