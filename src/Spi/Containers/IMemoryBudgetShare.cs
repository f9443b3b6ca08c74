namespace OpenWhisk.Spi.Containers;

/// <summary>
/// One holder's part of an <see cref="ISharedMemoryBudget"/>: what it holds (its containers' memory, counted until
/// they are destroyed) and how much more it may take. Thread-safe.
/// </summary>
public interface IMemoryBudgetShare : IDisposable
{
    /// <summary>Gets the memory this holder holds, in megabytes.</summary>
    int HeldMb { get; }

    /// <summary>Gets the most this holder may hold now: the total less what the other holders hold, in megabytes.</summary>
    int LimitMb { get; }

    /// <summary>
    /// Sets this holder's holding to <paramref name="memoryMb"/> if that fits beside the other holders (shrinking
    /// always fits); otherwise changes nothing. Call it before creating a container, with the memory held once it exists.
    /// </summary>
    /// <param name="memoryMb">The new holding, in megabytes.</param>
    /// <returns>Whether the holding was set.</returns>
    bool TryHold(int memoryMb);

    /// <summary>
    /// Sets this holder's holding to what it really holds, whether or not it fits (for example after a container was
    /// destroyed). When the holding shrinks, the other holders hear that room was freed.
    /// </summary>
    /// <param name="memoryMb">The holding, in megabytes.</param>
    void Hold(int memoryMb);

    /// <summary>
    /// Asks the other holders to remove idle containers worth <paramref name="memoryMb"/> megabytes, for a container
    /// this holder could not fit; they do it in the background and the room freed is announced when the containers
    /// are gone.
    /// </summary>
    /// <param name="memoryMb">The memory wanted, in megabytes.</param>
    void AskOthersForRoom(int memoryMb);
}
