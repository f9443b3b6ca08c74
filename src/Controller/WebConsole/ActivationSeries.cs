using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>
/// Turns invokers' running activation totals into rates and duration percentiles per step of time: the totals at the
/// end of a step less those at its start, summed over the invokers. A percentile is read from the duration buckets,
/// interpolated linearly inside the bucket it falls in.
/// </summary>
public static class ActivationSeries
{
    /// <summary>Computes the points of the steps that end at or before <paramref name="now"/>.</summary>
    /// <param name="samplesByInvoker">Each invoker's samples, oldest first.</param>
    /// <param name="now">The end of the history, in milliseconds since the Unix epoch.</param>
    /// <param name="historyMs">How far back the history goes.</param>
    /// <param name="stepMs">The width of one step.</param>
    /// <returns>One point per step, oldest first; steps that no invoker has samples around are left out.</returns>
    public static IReadOnlyList<ActivationRatePoint> Compute(IEnumerable<IReadOnlyList<ActivationTotalsSample>> samplesByInvoker, long now, long historyMs, long stepMs)
    {
        ArgumentNullException.ThrowIfNull(samplesByInvoker);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(stepMs);
        var invokers = samplesByInvoker.Where(s => s.Count > 0).ToList();
        var lastEnd = now - (now % stepMs);
        var steps = (int)(historyMs / stepMs);
        var points = new List<ActivationRatePoint>(steps);
        var bucketCount = ActivationTotals.BucketBoundsMs.Count + 1;
        for (var step = steps - 1; step >= 0; step--)
        {
            var end = lastEnd - (step * stepMs);
            var start = end - stepMs;
            long count = 0, failed = 0;
            var buckets = new long[bucketCount];
            var covered = false;
            foreach (var samples in invokers)
            {
                if (At(samples, end) is not { } latest)
                {
                    continue;
                }

                var last = latest;

                var earlier = At(samples, start);
                var first = earlier?.Totals;
                if (earlier is { } previous && (previous.Incarnation != last.Incarnation || previous.Totals.Count > last.Totals.Count))
                {
                    // The invoker restarted during the step: its new totals are all it did since.
                    first = null;
                }
                else if (earlier is null && samples[0].At > start && samples[0].Totals.Count > 0)
                {
                    // Its first sample came during the step: nothing tells what it did before it, only after.
                    first = samples[0].Totals;
                }

                covered = true;
                var totals = last.Totals;
                count += totals.Count - (first?.Count ?? 0);
                failed += totals.Failed - (first?.Failed ?? 0);
                for (var i = 0; i < bucketCount && i < totals.DurationBuckets.Count; i++)
                {
                    var before = first is not null && i < first.DurationBuckets.Count ? first.DurationBuckets[i] : 0;
                    buckets[i] += Math.Max(0, totals.DurationBuckets[i] - before);
                }
            }

            if (!covered)
            {
                continue;
            }

            var seconds = stepMs / 1000.0;
            points.Add(new ActivationRatePoint(
                end,
                Math.Max(0, count) / seconds,
                Math.Max(0, failed) / seconds,
                Percentile(buckets, 0.5),
                Percentile(buckets, 0.9),
                Percentile(buckets, 0.99)));
        }

        return points;
    }

    /// <summary>Estimates a percentile of durations from bucket counts.</summary>
    /// <param name="buckets">Counts per <see cref="ActivationTotals.BucketBoundsMs"/> bucket, the open-ended last one included.</param>
    /// <param name="quantile">The quantile, between 0 and 1.</param>
    /// <returns>The duration in milliseconds, or null when the buckets are empty.</returns>
    public static double? Percentile(IReadOnlyList<long> buckets, double quantile)
    {
        ArgumentNullException.ThrowIfNull(buckets);
        var total = buckets.Sum();
        if (total <= 0)
        {
            return null;
        }

        var bounds = ActivationTotals.BucketBoundsMs;
        var rank = quantile * total;
        long below = 0;
        for (var i = 0; i < buckets.Count; i++)
        {
            if (buckets[i] == 0 || below + buckets[i] < rank)
            {
                below += buckets[i];
                continue;
            }

            var lower = i == 0 ? 0 : bounds[i - 1];
            var upper = i < bounds.Count ? bounds[i] : bounds[^1] * 2;
            return lower + ((upper - lower) * (rank - below) / buckets[i]);
        }

        return bounds[^1] * 2;
    }

    private static ActivationTotalsSample? At(IReadOnlyList<ActivationTotalsSample> samples, long time)
    {
        ActivationTotalsSample? found = null;
        foreach (var sample in samples)
        {
            if (sample.At > time)
            {
                break;
            }

            found = sample;
        }

        return found;
    }
}
