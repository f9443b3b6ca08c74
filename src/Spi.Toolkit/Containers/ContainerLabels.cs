using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// The labels OpenWhisk.NET puts on the containers (or cluster services) it creates, the same for every factory, so
/// that operators and cleanup find them by label.
/// </summary>
public static class ContainerLabels
{
    /// <summary>The owner prefix (for example <c>wsk0</c>, the invoker): cleanup removes exactly this owner's containers.</summary>
    public const string Owner = "net.openwhisk.owner";

    /// <summary>Marks containers created by the platform (value <c>true</c>).</summary>
    public const string Managed = "net.openwhisk.managed";

    /// <summary>The activation kind the container runs, for example <c>nodejs:20</c>.</summary>
    public const string Kind = "net.openwhisk.kind";

    /// <summary>The fully qualified name of the action the container was created for (absent on stem cells).</summary>
    public const string Action = "net.openwhisk.action";

    /// <summary>When the container was created (UTC, ISO 8601), so that operators see how old a leftover is.</summary>
    public const string Created = "net.openwhisk.created";

    /// <summary>Returns the labels of a container created for <paramref name="request"/>.</summary>
    /// <param name="request">The creation request.</param>
    /// <param name="created">When it is created.</param>
    /// <returns>Owner, managed mark, creation time, and kind and action when known.</returns>
    public static Dictionary<string, string> For(ContainerRequest request, DateTimeOffset created)
    {
        ArgumentNullException.ThrowIfNull(request);
        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [Owner] = request.Owner,
            [Managed] = "true",
            [Created] = created.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture),
        };
        if (request.Kind is { Length: > 0 } kind)
        {
            labels[Kind] = kind;
        }

        if (request.ActionName is { Length: > 0 } action)
        {
            labels[Action] = action;
        }

        return labels;
    }
}
