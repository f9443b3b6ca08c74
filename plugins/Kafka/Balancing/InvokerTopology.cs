using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// The invokers as the sharding balancer divides them (OpenWhisk's ShardingContainerPoolBalancerState): the first
/// <c>ceil(n × managedFraction)</c> run managed runtimes, the last <c>floor(n × blackboxFraction)</c> run blackbox
/// images (at least one each; the two lists overlap when there are few invokers), each with its step sizes.
/// </summary>
internal sealed class InvokerTopology
{
    public InvokerTopology(IReadOnlyList<InvokerHealth> invokers, double managedFraction, double blackboxFraction)
    {
        Source = invokers;
        var count = invokers.Count;
        if (count == 0)
        {
            return;
        }

        var managed = Math.Max(1, (int)Math.Ceiling(count * managedFraction));
        var effectiveBlackboxFraction = Math.Max(1.0 - managedFraction, Math.Min(1.0, blackboxFraction));
        var blackbox = Math.Max(1, (int)Math.Floor(count * effectiveBlackboxFraction));
        Managed = invokers.Take(Math.Min(count, managed)).ToArray();
        Blackbox = invokers.Skip(Math.Max(0, count - blackbox)).ToArray();
        ManagedStepSizes = ShardingPlacement.StepSizes(Managed.Count);
        BlackboxStepSizes = ShardingPlacement.StepSizes(Blackbox.Count);
    }

    /// <summary>Gets the health list this topology was computed from.</summary>
    public IReadOnlyList<InvokerHealth> Source { get; }

    public IReadOnlyList<InvokerHealth> Managed { get; } = [];

    public IReadOnlyList<InvokerHealth> Blackbox { get; } = [];

    public IReadOnlyList<int> ManagedStepSizes { get; } = [];

    public IReadOnlyList<int> BlackboxStepSizes { get; } = [];
}
