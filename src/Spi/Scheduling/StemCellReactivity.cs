namespace OpenWhisk.Spi.Scheduling;

/// <summary>Demand-driven stem cells of a runtimes manifest (OpenWhisk's <c>reactive</c> prewarm configuration).</summary>
/// <param name="MinCount">The fewest stem cells to keep.</param>
/// <param name="MaxCount">The most stem cells to keep.</param>
/// <param name="Threshold">Cold starts per <paramref name="Increment"/> more stem cells.</param>
/// <param name="Increment">Stem cells added per <paramref name="Threshold"/> cold starts.</param>
/// <param name="Ttl">How long an unused stem cell lives.</param>
public sealed record StemCellReactivity(int MinCount, int MaxCount, int Threshold, int Increment, TimeSpan Ttl);
