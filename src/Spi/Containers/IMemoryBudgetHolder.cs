namespace OpenWhisk.Spi.Containers;

/// <summary>
/// What an <see cref="ISharedMemoryBudget"/> calls back on a holder. Callbacks arrive on the thread of the holder whose
/// change caused them and must return quickly (post to the holder's own loop, or take only its own lock).
/// </summary>
public interface IMemoryBudgetHolder
{
    /// <summary>Another holder's holding shrank (or the total grew): activations waiting for room may try again.</summary>
    void RoomFreed();

    /// <summary>
    /// Another holder needs room: remove least recently used idle containers worth up to
    /// <paramref name="memoryMb"/> megabytes, less what is already being removed, and keep the rest.
    /// </summary>
    /// <param name="memoryMb">The memory wanted, in megabytes.</param>
    void ReleaseIdle(int memoryMb);
}
