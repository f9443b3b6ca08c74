using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>An invoker's activation totals as one ping carried them.</summary>
/// <param name="At">When the ping arrived, in milliseconds since the Unix epoch.</param>
/// <param name="Totals">The totals.</param>
public readonly record struct ActivationTotalsSample(long At, ActivationTotals Totals);
