namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// A value fetched asynchronously (an actor's snapshot, a balancer's health table) for observable instruments, whose
/// callbacks are synchronous: one scrape fetches it once, waiting a bounded time, and its instruments share it.
/// Nothing is fetched while nobody collects metrics.
/// </summary>
/// <typeparam name="T">The value.</typeparam>
/// <param name="fetch">Fetches a fresh value; null when there is none yet.</param>
/// <param name="timeProvider">The clock of the value's age.</param>
public sealed class CachedSnapshot<T>(Func<Task<T?>> fetch, TimeProvider timeProvider)
    where T : class
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(2);
    private readonly Lock gate = new();
    private T? value;
    private long fetchedAt;

    /// <summary>Returns a value at most a second old, or the last one when fetching fails or takes too long.</summary>
    /// <returns>The value, or null when none was ever fetched.</returns>
    public T? Get()
    {
        lock (gate)
        {
            if (value is not null && timeProvider.GetElapsedTime(fetchedAt) < MaxAge)
            {
                return value;
            }

            try
            {
                var task = fetch();
                if (task.Wait(MaxWait) && task.Result is { } fresh)
                {
                    value = fresh;
                    fetchedAt = timeProvider.GetTimestamp();
                }
            }
            catch (AggregateException)
            {
                // The source is stopping or failed: the last value stands.
            }
            catch (InvalidOperationException)
            {
            }

            return value;
        }
    }
}
