namespace OpenWhisk.Spi.Containers;

/// <summary>The log lines of one activation, read from its container.</summary>
/// <param name="Lines">The lines, sentinels removed.</param>
/// <param name="Truncated">Whether lines were dropped because the limit was reached.</param>
/// <param name="Incomplete">Whether reading stopped before both sentinels appeared (timeout or framing error).</param>
public sealed record ContainerLogs(IReadOnlyList<ContainerLogLine> Lines, bool Truncated, bool Incomplete)
{
    /// <summary>Gets an empty, complete result.</summary>
    public static ContainerLogs Empty { get; } = new([], false, false);
}
