namespace OpenWhisk.Spi.Logs;

/// <summary>The logs collected for one activation.</summary>
/// <param name="Logs">The formatted lines, with OpenWhisk's notice lines appended when something went wrong.</param>
/// <param name="Failed">Whether collection failed or was cut short; the container is then destroyed.</param>
public sealed record LogCollectionResult(IReadOnlyList<string> Logs, bool Failed)
{
    /// <summary>Gets a successful, empty result.</summary>
    public static LogCollectionResult None { get; } = new([], false);
}
