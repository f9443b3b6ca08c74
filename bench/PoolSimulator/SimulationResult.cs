using System.Text.Json.Serialization;
using OpenWhisk.Invoker.Pool;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>What the simulator prints.</summary>
internal sealed record SimulationResult
{
    [JsonPropertyName("policy")]
    public string Policy { get; init; } = "";

    [JsonPropertyName("invocations")]
    public long Invocations { get; init; }

    [JsonPropertyName("coldStarts")]
    public long ColdStarts { get; init; }

    [JsonPropertyName("prewarmStarts")]
    public long PrewarmStarts { get; init; }

    [JsonPropertyName("warmStarts")]
    public long WarmStarts { get; init; }

    [JsonPropertyName("preparations")]
    public long Preparations { get; init; }

    /// <summary>Gets the warm starts that waited for a container being prepared (their wait is in the wait times).</summary>
    [JsonPropertyName("waitedForPreparation")]
    public long WaitedForPreparation { get; init; }

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

    [JsonPropertyName("decisions")]
    public long Decisions { get; init; }

    [JsonPropertyName("meanDecisionMicros")]
    public double MeanDecisionMicros { get; init; }

    /// <summary>Gets the cold starts as a share of the first policy's in the same run.</summary>
    [JsonPropertyName("coldStartsVsFirst")]
    public double? ColdStartsVsFirst { get; init; }

    /// <summary>Gets the memory-MB-seconds as a share of the first policy's in the same run.</summary>
    [JsonPropertyName("memoryVsFirst")]
    public double? MemoryVsFirst { get; init; }

    [JsonPropertyName("failedActivations")]
    public int FailedActivations { get; init; }

    [JsonPropertyName("virtualSeconds")]
    public double VirtualSeconds { get; init; }

    [JsonPropertyName("wallSeconds")]
    public double WallSeconds { get; init; }

    public static SimulationResult From(
        string policy, int invocations, PoolCounters counters, WaitTimeReporter reporter, PoolSnapshot snapshot, TimedSchedulingPolicy decisions, double virtualSeconds, double wallSeconds)
    {
        var waits = reporter.WaitTimesMs.Order().ToArray();
        return new SimulationResult
        {
            Policy = policy,
            Invocations = invocations,
            Preparations = counters.Preparations,
            WaitedForPreparation = counters.WaitedForPreparation,
            Decisions = decisions.Decisions,
            MeanDecisionMicros = Math.Round(decisions.MeanMicros, 3),
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

    /// <summary>This result with its cold starts and memory as shares of <paramref name="first"/>'s.</summary>
    public SimulationResult ComparedTo(SimulationResult first) => this with
    {
        ColdStartsVsFirst = first.ColdStarts == 0 ? null : Math.Round((double)ColdStarts / first.ColdStarts, 3),
        MemoryVsFirst = first.MemoryMbSeconds == 0 ? null : Math.Round(MemoryMbSeconds / first.MemoryMbSeconds, 3),
    };
}
