using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>An invoker's activation totals as one ping carried them.</summary>
/// <param name="At">When the invoker read them, in milliseconds since the Unix epoch.</param>
/// <param name="Totals">The totals.</param>
/// <param name="Incarnation">The invoker process that sent them (a new one starts its totals from zero).</param>
public readonly record struct ActivationTotalsSample(long At, ActivationTotals Totals, string? Incarnation = null);
