namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>One invocation of a workload: when it arrives and what it runs.</summary>
internal sealed record Invocation(long TimestampMs, string Namespace, string Action, string Kind, int MemoryMb, int DurationMs);
