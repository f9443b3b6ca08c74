namespace OpenWhisk.Spi.Plugins;

/// <summary>
/// Names the entry type of a plugin assembly. The host looks for this attribute on the main assembly of every
/// plugin folder, creates the entry type and calls <see cref="IOpenWhiskPlugin.Register"/>.
/// </summary>
/// <param name="entryType">A public type with a parameterless constructor that implements <see cref="IOpenWhiskPlugin"/>.</param>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true, Inherited = false)]
public sealed class OpenWhiskPluginAttribute(Type entryType) : Attribute
{
    /// <summary>Gets the entry type that registers the plugin's implementations.</summary>
    public Type EntryType { get; } = entryType;
}
