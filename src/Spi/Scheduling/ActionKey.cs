using System.Globalization;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Scheduling;

/// <summary>
/// Identifies the code a warm container holds: the invocation namespace and the exact action revision.
/// </summary>
/// <param name="InvocationNamespace">The namespace of the caller (not the action owner).</param>
/// <param name="FullyQualifiedName">The action's <c>namespace[/package]/name</c>.</param>
/// <param name="Version">The action's version.</param>
/// <param name="Revision">The stored revision, so that a deleted and recreated action does not match.</param>
public readonly record struct ActionKey(string InvocationNamespace, string FullyQualifiedName, SemVer Version, string Revision)
{
    /// <summary>The key of <paramref name="action"/> invoked by <paramref name="message"/>: the caller's namespace, and the
    /// message's revision of the action (its update time when the message names none).</summary>
    /// <param name="action">The action.</param>
    /// <param name="message">The activation message.</param>
    /// <returns>The key.</returns>
    public static ActionKey For(WhiskAction action, ActivationMessage message)
    {
        ArgumentNullException.ThrowIfNull(action);
        ArgumentNullException.ThrowIfNull(message);
        return new(
            message.User.Namespace.Name,
            action.FullyQualifiedName,
            action.Version,
            message.Revision ?? action.Updated.ToString(CultureInfo.InvariantCulture));
    }
}
