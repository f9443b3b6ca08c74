using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Invokers;

/// <summary>
/// What an invoker's container pool holds at one moment, carried by its health pings (<see cref="PingMessage.Pool"/>)
/// so that a controller can show every invoker's pool without calling the invokers.
/// </summary>
/// <param name="At">When the invoker read it, in milliseconds since the Unix epoch (by the invoker's clock).</param>
/// <param name="UsedMemoryMb">Memory held by containers and by stem cells being created.</param>
/// <param name="CapacityMb">The memory containers may fill.</param>
/// <param name="Buffered">Activations waiting in the pool for room.</param>
/// <param name="InFlight">Activations handed to the pool and not finished.</param>
/// <param name="Containers">The containers, counted by action, runtime kind and state: the largest groups, at most <see cref="MaxContainerGroups"/>.</param>
/// <param name="OmittedContainers">Containers of the groups left out of <paramref name="Containers"/>.</param>
/// <param name="Activations">Totals of the activations the invoker finished since it started.</param>
public sealed record InvokerPoolStatus(
    [property: JsonPropertyName("at")] long At,
    [property: JsonPropertyName("usedMemoryMb")] int UsedMemoryMb,
    [property: JsonPropertyName("capacityMb")] int CapacityMb,
    [property: JsonPropertyName("buffered")] int Buffered,
    [property: JsonPropertyName("inFlight")] int InFlight,
    [property: JsonPropertyName("containers")] IReadOnlyList<ContainerGroupStatus> Containers,
    [property: JsonPropertyName("omittedContainers")] int OmittedContainers,
    [property: JsonPropertyName("activations")] ActivationTotals Activations)
{
    /// <summary>The most container groups one status carries (the rest are counted, so that a ping stays a few kilobytes).</summary>
    public const int MaxContainerGroups = 64;
}
