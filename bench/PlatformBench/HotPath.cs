using System.Globalization;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// The <c>hot-path-lean</c> entry: what a warm blocking lean activation costs the standalone, from throughput-lean's
/// run: at most 10 KB allocated and at most 3 thread-pool work items per activation (issue 21's hot-path targets).
/// </summary>
internal static class HotPath
{
    /// <summary>The entry's scenario name.</summary>
    public const string Scenario = "hot-path-lean";

    private const double MaxKb = 10, MaxWorkItems = 3;

    /// <summary>The entry for throughput-lean's measured cost.</summary>
    /// <param name="cost">What throughput-lean's run cost the standalone.</param>
    /// <returns>The entry.</returns>
    public static BenchEntry Entry(RuntimeCost cost) => new()
    {
        Scenario = Scenario,
        UsPerActivation = cost.CpuUsPerActivation,
        Runtime = cost,
        Target = string.Create(
            CultureInfo.InvariantCulture,
            $"<= {MaxKb} KB, <= {MaxWorkItems} work items per activation ({cost.AllocKbPerActivation:F1} KB, {cost.WorkItemsPerActivation:F1})"),
        Met = cost.AllocKbPerActivation <= MaxKb && cost.WorkItemsPerActivation <= MaxWorkItems,
    };
}
