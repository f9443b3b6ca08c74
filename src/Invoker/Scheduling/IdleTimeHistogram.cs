namespace OpenWhisk.Invoker.Scheduling;

/// <summary>
/// One action's idle times (gaps between arrivals that are not part of a burst) in fixed-width bins, with those beyond
/// the range counted apart. Older observations weigh less: each new one weighs twice as much as one a half-life
/// earlier, which is the same as halving every weight over each half-life, at a constant cost per observation (the
/// percentiles, the share beyond the range and the coefficient of variation do not depend on the scale). Its memory is
/// fixed: one number per bin.
/// </summary>
internal sealed class IdleTimeHistogram
{
    private const int MaxExponent = 64;
    private readonly double[] bins;
    private readonly long binTicks;
    private readonly TimeSpan halfLife;
    private readonly DateTimeOffset origin;
    private int scaleExponent;
    private double inRange;
    private double inRangeSquares;
    private double outOfRange;
    private int observations;

    /// <summary>Creates an empty histogram of <paramref name="binCount"/> bins of <paramref name="binWidth"/>.</summary>
    public IdleTimeHistogram(int binCount, TimeSpan binWidth, TimeSpan halfLife, DateTimeOffset origin)
    {
        bins = new double[binCount];
        binTicks = binWidth.Ticks;
        this.halfLife = halfLife;
        this.origin = origin;
    }

    /// <summary>Gets how many idle times were recorded.</summary>
    public int Observations => observations;

    /// <summary>Gets the share of the (weighted) idle times beyond the range.</summary>
    public double OutOfRangeShare => inRange + outOfRange <= 0 ? 0 : outOfRange / (inRange + outOfRange);

    /// <summary>Records one idle time that ended at <paramref name="at"/>.</summary>
    public void Add(TimeSpan idle, DateTimeOffset at)
    {
        observations++;
        // Weights are 2^(half-lives since the origin), kept below 2^64 by scaling everything down by powers of two.
        var exponent = Math.Max(0, (at - origin) / halfLife) - scaleExponent;
        if (exponent > MaxExponent)
        {
            var shift = (int)Math.Min(Math.Floor(exponent), int.MaxValue - scaleExponent);
            Rescale(shift);
            exponent -= shift;
        }

        var weight = Math.Pow(2, exponent);

        var bin = idle.Ticks / binTicks;
        if (bin >= bins.Length)
        {
            outOfRange += weight;
            return;
        }

        var before = bins[bin];
        bins[bin] = before + weight;
        inRange += weight;
        inRangeSquares += (2 * before * weight) + (weight * weight);
    }

    /// <summary>Returns the bin holding the <paramref name="percentile"/>th percentile of the in-range idle times.</summary>
    public int BinAt(double percentile)
    {
        var target = inRange * percentile / 100;
        double cumulative = 0;
        for (var i = 0; i < bins.Length; i++)
        {
            cumulative += bins[i];
            if (cumulative >= target && bins[i] > 0)
            {
                return i;
            }
        }

        return bins.Length - 1;
    }

    /// <summary>Returns the coefficient of variation of the bin weights (high: idle times concentrate in a few bins).</summary>
    public double CoefficientOfVariation()
    {
        if (inRange <= 0)
        {
            return 0;
        }

        // CV² = variance / mean² = n·Σw² / (Σw)² − 1 over the n bins.
        var squared = (bins.Length * inRangeSquares / (inRange * inRange)) - 1;
        return squared <= 0 ? 0 : Math.Sqrt(squared);
    }

    /// <summary>Gets the start of bin <paramref name="bin"/>.</summary>
    public TimeSpan StartOf(int bin) => TimeSpan.FromTicks(bin * binTicks);

    /// <summary>Gets the middle of bin <paramref name="bin"/>.</summary>
    public TimeSpan MidpointOf(int bin) => TimeSpan.FromTicks((bin * binTicks) + (binTicks / 2));

    /// <summary>Gets the end of bin <paramref name="bin"/>.</summary>
    public TimeSpan EndOf(int bin) => TimeSpan.FromTicks((bin + 1) * binTicks);

    /// <summary>Divides every weight by 2^<paramref name="shift"/> (weights so old that they no longer count become zero).</summary>
    private void Rescale(int shift)
    {
        scaleExponent += shift;

        // Beyond 2^-2200 every double is zero: a larger shift changes nothing more.
        var by = -Math.Min(shift, 2200);
        for (var i = 0; i < bins.Length; i++)
        {
            bins[i] = Math.ScaleB(bins[i], by);
        }

        inRange = Math.ScaleB(inRange, by);
        outOfRange = Math.ScaleB(outOfRange, by);
        inRangeSquares = Math.ScaleB(inRangeSquares, 2 * by);
    }
}
