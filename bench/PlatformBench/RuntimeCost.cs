using System.Globalization;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>What one process spent on a wrk run, per activation and in all, from two <see cref="RuntimeSnapshot"/>s.</summary>
/// <param name="AllocKbPerActivation">Kilobytes allocated per request.</param>
/// <param name="WorkItemsPerActivation">Thread-pool work items per request.</param>
/// <param name="CpuUsPerActivation">CPU microseconds per request.</param>
/// <param name="Gen0">Generation 0 collections during the run.</param>
/// <param name="Gen1">Generation 1 collections during the run.</param>
/// <param name="Gen2">Generation 2 collections during the run.</param>
/// <param name="GcPauseMs">Milliseconds the GC paused the process during the run.</param>
internal sealed record RuntimeCost(double AllocKbPerActivation, double WorkItemsPerActivation, double CpuUsPerActivation, double Gen0, double Gen1, double Gen2, double GcPauseMs)
{
    /// <summary>The difference between two snapshots taken around <paramref name="requests"/> requests.</summary>
    /// <param name="before">The snapshot before the run.</param>
    /// <param name="after">The snapshot after it.</param>
    /// <param name="requests">The requests the run completed.</param>
    /// <returns>The cost.</returns>
    public static RuntimeCost Between(RuntimeSnapshot before, RuntimeSnapshot after, long requests)
    {
        var n = Math.Max(1, requests);
        return new RuntimeCost(
            (after.AllocatedBytes - before.AllocatedBytes) / 1024 / n,
            (after.WorkItems - before.WorkItems) / n,
            (after.CpuSeconds - before.CpuSeconds) * 1e6 / n,
            after.Collections[0] - before.Collections[0],
            after.Collections[1] - before.Collections[1],
            after.Collections[2] - before.Collections[2],
            (after.PauseSeconds - before.PauseSeconds) * 1000);
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(
        CultureInfo.InvariantCulture,
        $"{AllocKbPerActivation:F1} KB allocated, {WorkItemsPerActivation:F1} thread-pool work items, {CpuUsPerActivation:F0} µs CPU per activation; GCs {Gen0:F0}/{Gen1:F0}/{Gen2:F0} (gen0/1/2), paused {GcPauseMs:F1} ms");
}
