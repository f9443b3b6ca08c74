namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// A value fetched asynchronously (an actor's snapshot, a balancer's health table) for observable instruments, whose
/// callbacks are synchronous. At most one fetch is in flight; a scrape waits for it (a bounded time) only while no
/// value was ever fetched, and otherwise reads the last value while a fresher one is fetched for the next scrape.
/// A failed or slow fetch is not retried before a second has passed. Nothing is fetched while nobody collects metrics.
/// </summary>
/// <typeparam name="T">The value.</typeparam>
/// <param name="fetch">Fetches a fresh value; null when there is none yet.</param>
/// <param name="timeProvider">The clock of the value's age.</param>
public sealed class CachedSnapshot<T>(Func<Task<T?>> fetch, TimeProvider timeProvider)
    where T : class
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FirstWait = TimeSpan.FromSeconds(2);
    private readonly Lock gate = new();
    private T? value;
    private Task<T?>? pending;
    private long attemptedAt;

    /// <summary>Returns the freshest value at hand, starting a fetch when the last one is over a second old.</summary>
    /// <returns>The value, or null when none was fetched yet.</returns>
    public T? Get()
    {
        lock (gate)
        {
            Harvest();
            if (pending is null && (attemptedAt == 0 || timeProvider.GetElapsedTime(attemptedAt) >= MaxAge))
            {
                attemptedAt = timeProvider.GetTimestamp();
                pending = Start();
            }

            if (value is null && pending is { } first)
            {
                first.Wait(FirstWait);
                Harvest();
            }

            return value;
        }
    }

    private Task<T?> Start()
    {
        try
        {
            return fetch();
        }
        catch (Exception exception)
        {
            return Task.FromException<T?>(exception);
        }
    }

    /// <summary>Takes a finished fetch's value; a failed one leaves the last value standing.</summary>
    private void Harvest()
    {
        if (pending is not { IsCompleted: true } done)
        {
            return;
        }

        pending = null;
        if (done.IsCompletedSuccessfully && done.Result is { } fresh)
        {
            value = fresh;
        }
    }
}
