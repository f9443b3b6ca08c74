namespace OpenWhisk.Controller.WebConsole;

/// <summary>Activations that finished during one step of the history, over every invoker.</summary>
/// <param name="End">The end of the step, in milliseconds since the Unix epoch.</param>
/// <param name="PerSecond">Activations per second.</param>
/// <param name="FailedPerSecond">Failed activations per second.</param>
/// <param name="P50Ms">The median duration (null without activations).</param>
/// <param name="P90Ms">The 90th percentile.</param>
/// <param name="P99Ms">The 99th percentile.</param>
public sealed record ActivationRatePoint(long End, double PerSecond, double FailedPerSecond, double? P50Ms, double? P90Ms, double? P99Ms);
