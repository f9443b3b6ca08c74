namespace OpenWhisk.Bench.PlatformBench;

/// <summary>One line of <c>bench/results/latest.json</c>.</summary>
internal sealed record BenchEntry
{
    public required string Scenario { get; init; }

    public double? P50Ms { get; init; }

    public double? P99Ms { get; init; }

    public double? Rps { get; init; }

    public double? BaselineP50Ms { get; init; }

    public double? BaselineRps { get; init; }

    public double? RssMb { get; init; }

    /// <summary>Gets the CPU a component spends per activation, in microseconds (the scale scenario).</summary>
    public double? UsPerActivation { get; init; }

    /// <summary>Gets the largest deviation of one invoker's share from the mean, in percent (the scale scenario).</summary>
    public double? MaxDeviationPct { get; init; }

    /// <summary>Gets what the measured run cost the standalone's runtime (lean and direct rows, and hot-path-lean).</summary>
    public RuntimeCost? Runtime { get; init; }

    /// <summary>Gets the target this entry is held to, in words.</summary>
    public required string Target { get; init; }

    /// <summary>Gets a value indicating whether the target held in this run.</summary>
    public required bool Met { get; init; }
}
