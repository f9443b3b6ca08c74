namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// When to try again to create stem cells of a kind and memory whose creation failed (a missing runtime image, an
/// engine restarting): after the first failure of a streak <c>initial</c>, then twice as long each time, up to
/// <c>max</c>; a stem cell that starts ends the streak. Pure bookkeeping for the pool actor, not thread-safe.
/// </summary>
internal sealed class StemCellBackoff(TimeSpan initial, TimeSpan max)
{
    private readonly Dictionary<(string Kind, int MemoryMb), (int Failures, DateTimeOffset RetryAt)> streaks = [];

    /// <summary>Records a failure; returns how long to wait before the next try and how many failures the streak has.</summary>
    public (TimeSpan Delay, int Failures) Failed((string Kind, int MemoryMb) stemCell, DateTimeOffset now)
    {
        var failures = streaks.TryGetValue(stemCell, out var streak) ? streak.Failures + 1 : 1;
        var delay = TimeSpan.FromTicks(Math.Min(max.Ticks, initial.Ticks * (1L << Math.Min(failures - 1, 30))));
        streaks[stemCell] = (failures, now + delay);
        return (delay, failures);
    }

    /// <summary>Records a success; returns how many failures the streak it ended had (0: there was none).</summary>
    public int Succeeded((string Kind, int MemoryMb) stemCell) => streaks.Remove(stemCell, out var streak) ? streak.Failures : 0;

    /// <summary>Whether stem cells of <paramref name="stemCell"/> must not be created yet.</summary>
    public bool IsWaiting((string Kind, int MemoryMb) stemCell, DateTimeOffset now) =>
        streaks.TryGetValue(stemCell, out var streak) && now < streak.RetryAt;
}
