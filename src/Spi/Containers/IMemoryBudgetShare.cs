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
    /// Gets the most memory another holder has asked for and not yet got (see <see cref="AskOthersForRoom"/>), in
    /// megabytes. While it is above zero this holder gives up containers as they go idle and starts no stem cells.
    /// </summary>
    int WantedByOthersMb { get; }

    /// <summary>
    /// Sets this holder's holding to <paramref name="memoryMb"/> if that fits beside the other holders (shrinking
    /// always fits); otherwise changes nothing. Call it before creating a container, with the memory held once it
    /// exists. Growing calls no holder back, so it may be called under the holder's own lock, and it closes this
    /// holder's request for room.
    /// </summary>
    /// <param name="memoryMb">The new holding, in megabytes.</param>
    /// <returns>Whether the holding was set.</returns>
    bool TryHold(int memoryMb);

    /// <summary>
    /// Sets this holder's holding to what it really holds, whether or not it fits (for example after a container was
    /// destroyed). When the holding shrinks, the other holders hear that room was freed, on this thread: do not call
    /// it under a lock the other holders' callbacks may need.
    /// </summary>
    /// <param name="memoryMb">The holding, in megabytes.</param>
    void Hold(int memoryMb);

    /// <summary>
    /// Asks the other holders to remove idle containers worth <paramref name="memoryMb"/> megabytes, for a container
    /// this holder could not fit; they do it in the background and the room freed is announced when the containers
    /// are gone. The request stays open (<see cref="WantedByOthersMb"/>) until this holder grows or withdraws it by
    /// asking for zero, so that containers going idle later are given up too.
    /// </summary>
    /// <param name="memoryMb">The memory wanted, in megabytes; zero withdraws the request.</param>
    void AskOthersForRoom(int memoryMb);
}
