namespace OpenWhisk.Bench.PlatformBench;

/// <summary>What one wrk run measured.</summary>
/// <param name="P50Ms">Median latency.</param>
/// <param name="P99Ms">99th percentile latency.</param>
/// <param name="Rps">Requests per second.</param>
/// <param name="Requests">Requests completed.</param>
/// <param name="Errors">Non-2xx answers and socket errors.</param>
internal sealed record WrkResult(double P50Ms, double P99Ms, double Rps, long Requests, long Errors);
