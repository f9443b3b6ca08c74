namespace OpenWhisk.Common.Telemetry;

/// <summary>The labels of one per-action series, as OpenWhisk's user-events service names them.</summary>
/// <param name="Namespace">The action's owner: the first segment of its path.</param>
/// <param name="Initiator">The namespace that invoked it.</param>
/// <param name="Action">The rest of the path: <c>package/action</c> or <c>action</c>.</param>
public sealed record ActionSeriesLabels(string Namespace, string Initiator, string Action)
{
    /// <summary>The label value of series beyond the cap.</summary>
    public const string Other = "_other";

    /// <summary>Gets the labels every activation beyond the cap is counted under.</summary>
    public static ActionSeriesLabels Overflow { get; } = new(Other, Other, Other);

    /// <summary>Splits an action's path (<c>ns/[pkg/]action</c>) into labels.</summary>
    /// <param name="path">The <c>path</c> annotation.</param>
    /// <param name="initiator">The invoking namespace.</param>
    /// <returns>The labels.</returns>
    public static ActionSeriesLabels FromPath(string path, string initiator)
    {
        ArgumentNullException.ThrowIfNull(path);
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new ActionSeriesLabels(initiator, initiator, path)
            : new ActionSeriesLabels(path[..slash], initiator, path[(slash + 1)..]);
    }
}
