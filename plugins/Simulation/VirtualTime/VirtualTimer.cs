namespace OpenWhisk.Plugins.Simulation.VirtualTime;

/// <summary>A timer of <see cref="VirtualTimeProvider"/>.</summary>
internal sealed class VirtualTimer(VirtualTimeProvider clock, TimerCallback callback, object? state) : ITimer
{
    private long scheduledSequence = -1;
    private TimeSpan period = Timeout.InfiniteTimeSpan;
    private bool disposed;

    public bool Change(TimeSpan dueTime, TimeSpan period)
    {
        if (disposed)
        {
            return false;
        }

        this.period = period;
        Interlocked.Exchange(ref scheduledSequence, dueTime == Timeout.InfiniteTimeSpan ? -1 : clock.Schedule(this, dueTime));
        return true;
    }

    public bool IsScheduledAt(long sequence) => !disposed && Interlocked.Read(ref scheduledSequence) == sequence;

    public void Fire()
    {
        if (period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero)
        {
            Interlocked.Exchange(ref scheduledSequence, clock.Schedule(this, period));
        }
        else
        {
            Interlocked.Exchange(ref scheduledSequence, -1);
        }

        callback(state);
    }

    public void Dispose()
    {
        disposed = true;
        Interlocked.Exchange(ref scheduledSequence, -1);
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }
}
