using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>The last pool status one invoker's pings carried, and the activation totals of its recent pings.</summary>
/// <param name="Name">The invoker's topic, <c>invoker0</c>.</param>
/// <param name="Enabled">Whether its last ping said it takes work.</param>
/// <param name="SeenAt">When its last ping arrived, in milliseconds since the Unix epoch.</param>
/// <param name="Status">Its pool (null when its pings carry none).</param>
/// <param name="StatusAt">When the invoker read that pool, in milliseconds since the Unix epoch.</param>
/// <param name="Samples">Its activation totals over the history, oldest first.</param>
public sealed record InvokerPoolView(string Name, bool Enabled, long SeenAt, InvokerPoolStatus? Status, long StatusAt, IReadOnlyList<ActivationTotalsSample> Samples);
