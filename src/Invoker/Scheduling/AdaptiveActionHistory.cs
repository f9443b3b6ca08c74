using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Scheduling;

/// <summary>
/// What the adaptive policy knows of one action: its idle-time histogram and the plan made from it, its last arrival,
/// and how many activations of its recent bursts ran at once at their peak (the last five, a few bytes).
/// </summary>
internal sealed class AdaptiveActionHistory(ActionKey action, IdleTimeHistogram histogram, IdlePlan plan)
{
    private const int KeptBursts = 5;
    private readonly byte[] burstPeaks = new byte[KeptBursts];
    private int burstsSeen;
    private int currentPeak;

    public ActionKey Action { get; } = action;

    public IdleTimeHistogram Histogram { get; } = histogram;

    /// <summary>Gets or sets the plan of the action's containers, made again at each idle time.</summary>
    public IdlePlan Plan { get; set; } = plan;

    /// <summary>Gets or sets the median idle time, when the histogram predicts (not the fixed plan).</summary>
    public TimeSpan? ExpectedGap { get; set; }

    public DateTimeOffset? LastArrival { get; set; }


    /// <summary>
    /// Gets the activations of the action that run at once in its bursts: the upper median of the last five bursts'
    /// peaks; zero until two bursts have ended.
    /// </summary>
    public int TypicalBurstActivations
    {
        get
        {
            var seen = Math.Min(burstsSeen, KeptBursts);
            if (seen < 2)
            {
                return 0;
            }

            Span<byte> sorted = stackalloc byte[KeptBursts];
            burstPeaks.AsSpan(0, seen).CopyTo(sorted);
            sorted[..seen].Sort();
            return sorted[seen / 2];
        }
    }

    /// <summary>A new burst starts: the last one's peak joins the kept ones.</summary>
    public void BurstStarted()
    {
        if (currentPeak > 0)
        {
            burstPeaks[burstsSeen % KeptBursts] = (byte)Math.Min(currentPeak, byte.MaxValue);
            burstsSeen++;
        }

        currentPeak = 0;
    }

    /// <summary>During a burst, <paramref name="activations"/> of the action ran at once.</summary>
    public void Running(int activations) => currentPeak = Math.Max(currentPeak, activations);
}
