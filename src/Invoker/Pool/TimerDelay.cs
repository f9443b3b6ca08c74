namespace OpenWhisk.Invoker.Pool;

/// <summary>Delays the pool's timers accept: a plan may ask for any duration, a timer takes zero to 30 days.</summary>
internal static class TimerDelay
{
    private static readonly TimeSpan Longest = TimeSpan.FromDays(30);

    /// <summary>Returns <paramref name="delay"/> within zero and 30 days.</summary>
    public static TimeSpan Clamp(TimeSpan delay) => delay < TimeSpan.Zero ? TimeSpan.Zero : delay > Longest ? Longest : delay;
}
