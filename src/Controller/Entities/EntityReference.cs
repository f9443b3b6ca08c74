using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Entities;

/// <summary>A reference to an entity as rules and triggers store it: <c>{"path": "ns[/pkg]", "name": "n"}</c>.</summary>
/// <param name="Path">The namespace path.</param>
/// <param name="Name">The entity name.</param>
public sealed record EntityReference(
    [property: JsonPropertyName("path")] string Path,
    [property: JsonPropertyName("name")] string Name)
{
    /// <summary>Gets the referenced entity's name.</summary>
    [JsonIgnore]
    public QualifiedName QualifiedName => new(Path, Name);

    public static EntityReference From(QualifiedName name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return new EntityReference(name.Path, name.Name);
    }

    /// <summary>Returns <c>ns[/pkg]/name</c>, as the trigger activation's log lines name actions.</summary>
    public override string ToString() => Path + "/" + Name;
}
