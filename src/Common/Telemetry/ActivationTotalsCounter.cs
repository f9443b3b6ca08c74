using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// Counts finished activations into running <see cref="ActivationTotals"/>: how many, how many failed, and their
/// durations (the <c>waitTime</c> annotation plus the record's duration) in <see cref="ActivationTotals.BucketBoundsMs"/>
/// buckets. Thread-safe; recording costs a few interlocked increments.
/// </summary>
public sealed class ActivationTotalsCounter
{
    private readonly long[] buckets = new long[ActivationTotals.BucketBoundsMs.Count + 1];
    private long count;
    private long failed;

    /// <summary>Counts one finished activation.</summary>
    /// <param name="record">Its record.</param>
    public void Record(ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var facts = RecordFacts.From(record);
        Record(facts.WaitMs + (record.Duration ?? Math.Max(0, record.End - record.Start)), !record.Response.IsSuccess);
    }

    /// <summary>Counts one finished activation.</summary>
    /// <param name="durationMs">How long it took from the request to its end, in milliseconds.</param>
    /// <param name="failedActivation">Whether it did not succeed.</param>
    public void Record(double durationMs, bool failedActivation)
    {
        Interlocked.Increment(ref buckets[BucketOf(durationMs)]);
        if (failedActivation)
        {
            Interlocked.Increment(ref failed);
        }

        Interlocked.Increment(ref count);
    }

    /// <summary>Returns the totals so far.</summary>
    /// <returns>The totals (the buckets may hold activations that the count does not yet, never fewer).</returns>
    public ActivationTotals Snapshot()
    {
        var total = Volatile.Read(ref count);
        var failures = Volatile.Read(ref failed);
        var copy = new long[buckets.Length];
        for (var i = 0; i < copy.Length; i++)
        {
            copy[i] = Volatile.Read(ref buckets[i]);
        }

        return new ActivationTotals(total, failures, copy);
    }

    private static int BucketOf(double durationMs)
    {
        var bounds = ActivationTotals.BucketBoundsMs;
        for (var i = 0; i < bounds.Count; i++)
        {
            if (durationMs <= bounds[i])
            {
                return i;
            }
        }

        return bounds.Count;
    }
}
