using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Stores;

/// <summary>
/// The action path of an activation record, as the activation list's <c>name</c> filter
/// (<see cref="ActivationQuery.Name"/>) matches it; stores index it.
/// </summary>
public static class ActivationPaths
{
    /// <summary>
    /// Returns the action's path without its namespace (<c>action</c> or <c>package/action</c>), taken from the
    /// record's <c>path</c> annotation, or the record's name when the annotation is missing.
    /// </summary>
    /// <param name="record">The activation record.</param>
    /// <returns>The relative path.</returns>
    public static string RelativePath(ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (record.Annotations.Find("path") is { ValueKind: JsonValueKind.String } path)
        {
            var text = path.GetString()!;
            var slash = text.IndexOf('/', StringComparison.Ordinal);
            if (slash >= 0 && slash < text.Length - 1)
            {
                return text[(slash + 1)..];
            }
        }

        return record.Name;
    }
}
