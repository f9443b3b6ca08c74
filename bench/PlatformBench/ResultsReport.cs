using System.Globalization;
using System.Text.Json;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>Prints the run's table (and the standalone's runtime costs) and writes <c>bench/results/latest.json</c>.</summary>
internal static class ResultsReport
{
    private static readonly string[] Order =
    [
        "latency-lean", "latency-direct", "latency-kafka", "throughput-lean", "throughput-direct", "throughput-kafka", "hot-path-lean",
        "journal-cost", "metrics-cost", "sequence-3", "trigger-fire", "web-json", "prewarm", "cold", "cold-dotnet", "warm-dotnet",
        "rss-idle", "rss-20k", "rss-100k", "scale-sharding-100",
    ];

    /// <summary>Prints <paramref name="measured"/> in the table's order and writes them to <c>bench/results/latest.json</c>.</summary>
    /// <param name="measured">The run's entries.</param>
    /// <param name="quick">Whether this was the quick run.</param>
    /// <param name="measure">The length of one wrk run.</param>
    /// <returns>A task that completes when the file is written.</returns>
    public static async Task WriteAsync(IReadOnlyList<BenchEntry> measured, bool quick, TimeSpan measure)
    {
        List<BenchEntry> entries = [.. measured.OrderBy(e => Array.IndexOf(Order, e.Scenario))];
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"OpenWhisk.NET platform benchmark ({(quick ? "quick: " : "")}{measure.TotalSeconds:F0} s per wrk run, {Environment.ProcessorCount} cores)"));
        Console.WriteLine($"{"scenario",-18} {"p50 ms",9} {"p99 ms",9} {"rps",8} {"base p50",9} {"base rps",9} {"rss MB",7}  {"target",-42} met");
        foreach (var e in entries)
        {
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{e.Scenario,-18} {e.P50Ms,9:F3} {e.P99Ms,9:F3} {e.Rps,8:F0} {e.BaselineP50Ms,9:F3} {e.BaselineRps,9:F0} {e.RssMb,7:F1}  {e.Target,-42} {(e.Met ? "yes" : "NO")}"));
        }

        Console.WriteLine();
        Console.WriteLine("The standalone's runtime per measured run (its System.Runtime counters, read from /metrics):");
        Console.WriteLine($"{"scenario",-18} {"KB alloc",9} {"work items",10} {"CPU µs",8} {"gen0",6} {"gen1",6} {"gen2",6} {"GC pause ms",12}");
        foreach (var e in entries.Where(e => e.Runtime is not null && e.Scenario != HotPath.Scenario))
        {
            var r = e.Runtime!;
            Console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{e.Scenario,-18} {r.AllocKbPerActivation,9:F1} {r.WorkItemsPerActivation,10:F1} {r.CpuUsPerActivation,8:F0} {r.Gen0,6:F0} {r.Gen1,6:F0} {r.Gen2,6:F0} {r.GcPauseMs,12:F1}"));
        }

        var results = Path.Combine(Repository.Root, "bench/results/latest.json");
        Directory.CreateDirectory(Path.GetDirectoryName(results)!);
        await File.WriteAllTextAsync(results, JsonSerializer.Serialize(entries, new JsonSerializerOptions
        {
            WriteIndented = true,
            PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
            DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        }));
        Console.WriteLine("written " + results);
    }
}
