using System.Collections.Concurrent;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.TestKit.Containers;

/// <summary>
/// A holder of a shared memory budget that stands for another container owner in tests: it records the callbacks it
/// gets and changes its holding only when the test says so.
/// </summary>
public sealed class RecordingBudgetHolder : IMemoryBudgetHolder
{
    private readonly ConcurrentQueue<int> releaseRequests = new();
    private int roomFreed;

    /// <summary>Gets how many times the budget said room was freed.</summary>
    public int RoomFreedCount => Volatile.Read(ref roomFreed);

    /// <summary>Gets the memory each request to release idle containers asked for, in order.</summary>
    public IReadOnlyList<int> ReleaseRequests => [.. releaseRequests];

    /// <inheritdoc />
    public void RoomFreed() => Interlocked.Increment(ref roomFreed);

    /// <inheritdoc />
    public void ReleaseIdle(int memoryMb) => releaseRequests.Enqueue(memoryMb);
}
