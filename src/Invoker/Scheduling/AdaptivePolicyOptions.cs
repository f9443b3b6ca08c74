using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Invoker.Scheduling;

/// <summary>Settings of the <c>adaptive</c> scheduling policy (section <c>Invoker:Pool:Adaptive</c>).</summary>
public sealed class AdaptivePolicyOptions : IValidatableObject
{
    /// <summary>The most bins a histogram may have (its range divided by the bin width): its memory per action.</summary>
    public const int MaxBins = 10_080;

    /// <summary>Gets or sets the width of one histogram bin (Serverless in the Wild: one minute).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BinWidth { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Gets or sets the longest idle time the histogram holds; longer ones only count as out of range (the paper: four hours).</summary>
    [Range(typeof(TimeSpan), "00:01:00", "7.00:00:00")]
    public TimeSpan HistogramRange { get; set; } = TimeSpan.FromHours(4);

    /// <summary>
    /// Gets or sets the gap between two arrivals below which they count as one burst: such gaps are not idle times, and a
    /// container that is to be removed early stays this long after its last activation so that a burst finds it warm.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BurstGap { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Gets or sets how long the containers of an action beyond its oldest one are kept once idle, when its histogram
    /// predicts (a burst or a peak needed them; the oldest one waits for the predicted window).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SpareKeepAlive { get; set; } = TimeSpan.FromMinutes(7);

    /// <summary>Gets or sets the idle times an action needs before its histogram decides (fewer: the fixed keep-alive).</summary>
    [Range(1, 100_000)]
    public int MinObservations { get; set; } = 4;

    /// <summary>Gets or sets the percentile of idle times before which no container is kept (the pre-warm window).</summary>
    [Range(0.0, 50.0)]
    public double HeadPercentile { get; set; } = 5;

    /// <summary>Gets or sets the percentile of idle times a container is kept up to (the end of the keep-alive window).</summary>
    [Range(50.0, 100.0)]
    public double TailPercentile { get; set; } = 99;

    /// <summary>Gets or sets the safety margin taken off the head and added to the tail (0.1 = 10 %).</summary>
    [Range(0.0, 1.0)]
    public double Margin { get; set; } = 0.1;

    /// <summary>
    /// Gets or sets the coefficient of variation of the bin counts below which a histogram is too flat to predict
    /// anything (the paper: 2): the fixed keep-alive is used instead.
    /// </summary>
    [Range(0.0, 100.0)]
    public double MinCoefficientOfVariation { get; set; } = 2;

    /// <summary>Gets or sets the share of idle times beyond the histogram's range above which it is not used.</summary>
    [Range(0.0, 1.0)]
    public double MaxOutOfRangeShare { get; set; } = 0.5;

    /// <summary>Gets or sets the time over which an observation loses half its weight.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "365.00:00:00")]
    public TimeSpan HalfLife { get; set; } = TimeSpan.FromHours(12);

    /// <summary>Gets or sets the most actions whose histograms are kept (the least recently invoked are forgotten first).</summary>
    [Range(1, 10_000_000)]
    public int MaxActions { get; set; } = 10_000;

    /// <inheritdoc />
    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (HistogramRange.Ticks / Math.Max(1, BinWidth.Ticks) > MaxBins)
        {
            yield return new ValidationResult(
                $"HistogramRange / BinWidth must be at most {MaxBins} bins (each action's histogram holds one number per bin).",
                [nameof(HistogramRange), nameof(BinWidth)]);
        }
    }
}
