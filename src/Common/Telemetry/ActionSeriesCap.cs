using System.Collections.Concurrent;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// Hands out the labels of per-action series up to a fixed number of distinct (path, initiator) pairs; later pairs
/// get <see cref="ActionSeriesLabels.Overflow"/>. The labels of a known pair are parsed once and reused.
/// </summary>
/// <param name="maxSeries">The number of pairs kept.</param>
public sealed class ActionSeriesCap(int maxSeries)
{
    private readonly ConcurrentDictionary<(string Path, string Initiator), ActionSeriesLabels> known = new();
    private int count;

    /// <summary>Gets the number of pairs with series of their own.</summary>
    public int Count => Volatile.Read(ref count);

    /// <summary>Returns the labels of an activation of <paramref name="path"/> invoked by <paramref name="initiator"/>.</summary>
    /// <param name="path">The action's path.</param>
    /// <param name="initiator">The invoking namespace.</param>
    /// <returns>Its own labels, or the overflow labels once the cap is reached.</returns>
    public ActionSeriesLabels LabelsFor(string path, string initiator)
    {
        if (known.TryGetValue((path, initiator), out var labels))
        {
            return labels;
        }

        if (Interlocked.Increment(ref count) > maxSeries)
        {
            Interlocked.Decrement(ref count);
            return ActionSeriesLabels.Overflow;
        }

        labels = ActionSeriesLabels.FromPath(path, initiator);
        if (!known.TryAdd((path, initiator), labels))
        {
            // Another thread added the same pair first: give back the slot taken for it.
            Interlocked.Decrement(ref count);
            return known[(path, initiator)];
        }

        return labels;
    }
}
