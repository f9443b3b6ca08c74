using System.Text.Json.Serialization;
using OpenWhisk.Invoker.Pool;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>What the simulator prints.</summary>
internal sealed record SimulationResult
{
    [JsonPropertyName("invocations")]
    public long Invocations { get; init; }

    [JsonPropertyName("coldStarts")]
    public long ColdStarts { get; init; }

    [JsonPropertyName("prewarmStarts")]
    public long PrewarmStarts { get; init; }

    [JsonPropertyName("warmStarts")]
    public long WarmStarts { get; init; }

    [JsonPropertyName("evictions")]
    public long Evictions { get; init; }

    [JsonPropertyName("bufferedMax")]
    public long BufferedMax { get; init; }

    [JsonPropertyName("meanWaitMs")]
    public double MeanWaitMs { get; init; }

    [JsonPropertyName("p99WaitMs")]
    public long P99WaitMs { get; init; }

    [JsonPropertyName("memoryMbSeconds")]
    public double MemoryMbSeconds { get; init; }

    [JsonPropertyName("failedActivations")]
    public int FailedActivations { get; init; }

    [JsonPropertyName("virtualSeconds")]
    public double VirtualSeconds { get; init; }

    [JsonPropertyName("wallSeconds")]
    public double WallSeconds { get; init; }

    public static SimulationResult From(int invocations, PoolCounters counters, WaitTimeReporter reporter, PoolSnapshot snapshot, double virtualSeconds, double wallSeconds)
    {
        var waits = reporter.WaitTimesMs.Order().ToArray();
        return new SimulationResult
        {
            Invocations = invocations,
            ColdStarts = counters.ColdStarts,
            PrewarmStarts = counters.PrewarmStarts,
            WarmStarts = counters.WarmStarts,
            Evictions = counters.Evictions,
            BufferedMax = counters.BufferedMax,
            MeanWaitMs = waits.Length == 0 ? 0 : Math.Round(waits.Average(), 2),
            P99WaitMs = waits.Length == 0 ? 0 : waits[Math.Max(0, (int)Math.Ceiling(waits.Length * 0.99) - 1)],
            MemoryMbSeconds = Math.Round(snapshot.MemoryMbSeconds, 1),
            FailedActivations = reporter.Failures,
            VirtualSeconds = Math.Round(virtualSeconds, 1),
            WallSeconds = Math.Round(wallSeconds, 2),
        };
    }
}
