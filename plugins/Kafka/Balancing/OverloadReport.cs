namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// Counts activations forced onto invokers without room (the system is overloaded) and says when a warning is due:
/// the first of a streak at once, then at most one summary per interval, so that an overloaded controller does not
/// also spend its CPU on a warning per activation. Thread-safe.
/// </summary>
internal sealed class OverloadReport(TimeSpan interval, TimeProvider time)
{
    private readonly Lock gate = new();
    private long lastReport = long.MinValue;
    private int unreported;

    /// <summary>Counts one forced activation; returns how many to report now (0: not yet).</summary>
    public int Forced()
    {
        var now = time.GetTimestamp();
        lock (gate)
        {
            unreported++;
            if (lastReport != long.MinValue && time.GetElapsedTime(lastReport, now) < interval)
            {
                return 0;
            }

            lastReport = now;
            var count = unreported;
            unreported = 0;
            return count;
        }
    }
}
