using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Invokers;

/// <summary>
/// What an invoker's container pool holds at one moment, carried by its health pings (<see cref="PingMessage.Pool"/>)
/// so that a controller can show every invoker's pool without calling the invokers.
/// </summary>
/// <param name="UsedMemoryMb">Memory held by containers and by stem cells being created.</param>
/// <param name="CapacityMb">The memory containers may fill.</param>
/// <param name="Buffered">Activations waiting in the pool for room.</param>
/// <param name="InFlight">Activations handed to the pool and not finished.</param>
/// <param name="Containers">The containers, counted by action, runtime kind and state.</param>
/// <param name="Activations">Totals of the activations the invoker finished since it started.</param>
public sealed record InvokerPoolStatus(
    [property: JsonPropertyName("usedMemoryMb")] int UsedMemoryMb,
    [property: JsonPropertyName("capacityMb")] int CapacityMb,
    [property: JsonPropertyName("buffered")] int Buffered,
    [property: JsonPropertyName("inFlight")] int InFlight,
    [property: JsonPropertyName("containers")] IReadOnlyList<ContainerGroupStatus> Containers,
    [property: JsonPropertyName("activations")] ActivationTotals Activations)
{
    /// <summary>The most container groups one status carries (the rest are left out, so that a ping stays small).</summary>
    public const int MaxContainerGroups = 500;
}
