using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Activations;

/// <summary>
/// The action an activation message refers to: <c>{"path": "ns[/pkg]", "name": "a", "version": "0.0.1",
/// "binding": "ns2/pkg"}</c>.
/// </summary>
public sealed record ActionReference
{
    /// <summary>Gets the namespace path of the action.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary>Gets the action name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>Gets the action version.</summary>
    [JsonPropertyName("version")]
    public SemVer? Version { get; init; }

    /// <summary>Gets the package binding the action was invoked through, if any.</summary>
    [JsonPropertyName("binding")]
    public string? Binding { get; init; }

    /// <summary>Gets the fully qualified name without version, for example <c>guest/hello</c>.</summary>
    [JsonIgnore]
    public string FullyQualifiedName => Path + "/" + Name;

    /// <summary>Creates the reference to an action.</summary>
    /// <param name="action">The action.</param>
    /// <returns>The reference.</returns>
    public static ActionReference For(WhiskAction action)
    {
        ArgumentNullException.ThrowIfNull(action);
        return new ActionReference { Path = action.Namespace, Name = action.Name, Version = action.Version };
    }
}
