namespace OpenWhisk.Common.Runtimes;

/// <summary>
/// Demand-driven prewarm sizing (OpenWhisk's <c>reactive</c> stem cells): every check interval the desired count
/// becomes <c>clamp(coldStarts / Threshold * Increment, MinCount, MaxCount)</c>, and unused stem cells expire after
/// <see cref="Ttl"/>.
/// </summary>
public sealed record ReactivePrewarmConfig(int MinCount, int MaxCount, TimeSpan Ttl, int Threshold, int Increment);
