using System.Globalization;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>
/// The .NET runtime's cumulative counters of one process, read from its Prometheus endpoint (the <c>System.Runtime</c>
/// meter the platform exports): what it allocated, its collections and their pauses, its thread-pool work items, its CPU.
/// </summary>
/// <param name="AllocatedBytes">Bytes allocated on the GC heap since the start.</param>
/// <param name="Collections">Collections of generation 0, 1 and 2 since the start.</param>
/// <param name="PauseSeconds">Time the GC paused the process since the start.</param>
/// <param name="WorkItems">Thread-pool work items completed since the start.</param>
/// <param name="CpuSeconds">User and system CPU time since the start.</param>
internal sealed record RuntimeSnapshot(double AllocatedBytes, double[] Collections, double PauseSeconds, double WorkItems, double CpuSeconds)
{
    /// <summary>Parses the samples this benchmark needs from a scrape (Prometheus text format).</summary>
    /// <param name="scrape">The scrape.</param>
    /// <returns>The snapshot.</returns>
    /// <exception cref="InvalidOperationException">A counter is missing (metrics off, or renamed).</exception>
    public static RuntimeSnapshot Parse(string scrape)
    {
        double Sum(string name, string? label = null)
        {
            var found = false;
            var sum = 0.0;
            foreach (var line in scrape.Split('\n'))
            {
                if (line.StartsWith(name + "{", StringComparison.Ordinal) && (label is null || line.Contains(label, StringComparison.Ordinal)))
                {
                    sum += double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture);
                    found = true;
                }
            }

            return found ? sum : throw new InvalidOperationException($"The scrape has no {name}{(label is null ? "" : " with " + label)}.");
        }

        return new RuntimeSnapshot(
            Sum("dotnet_gc_heap_total_allocated_bytes_total"),
            [.. new[] { "gen0", "gen1", "gen2" }.Select(g => Sum("dotnet_gc_collections_total", $"gc_heap_generation=\"{g}\""))],
            Sum("dotnet_gc_pause_time_seconds_total"),
            Sum("dotnet_thread_pool_work_item_count_total"),
            Sum("dotnet_process_cpu_time_seconds_total"));
    }
}
