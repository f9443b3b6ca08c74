namespace OpenWhisk.Spi.Toolkit.Scheduling;

/// <summary>OpenWhisk's choice of idle containers to remove for memory: the least recently used first.</summary>
public static class LeastRecentlyUsed
{
    /// <summary>
    /// The idle containers to remove to free <paramref name="memoryMb"/>: the least recently used ones, oldest first, until
    /// their memory reaches it; all of them when together they hold less.
    /// </summary>
    /// <typeparam name="T">The type of a container.</typeparam>
    /// <param name="idle">The containers that may be removed.</param>
    /// <param name="lastUsed">When a container was last used.</param>
    /// <param name="memoryOf">A container's memory in MB.</param>
    /// <param name="memoryMb">The memory to free.</param>
    /// <returns>The containers, oldest first.</returns>
    public static List<T> Select<T>(IEnumerable<T> idle, Func<T, DateTimeOffset> lastUsed, Func<T, int> memoryOf, int memoryMb)
    {
        ArgumentNullException.ThrowIfNull(idle);
        ArgumentNullException.ThrowIfNull(lastUsed);
        ArgumentNullException.ThrowIfNull(memoryOf);
        var oldestFirst = idle.OrderBy(lastUsed).ToList();
        var freed = 0;
        var take = 0;
        while (take < oldestFirst.Count && freed < memoryMb)
        {
            freed += memoryOf(oldestFirst[take++]);
        }

        return freed >= memoryMb ? oldestFirst.GetRange(0, take) : oldestFirst;
    }
}
