using System.Reflection;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins;

/// <summary>A plugin folder that was loaded: its name, main assembly and entry points.</summary>
/// <param name="Name">The folder name.</param>
/// <param name="Folder">The folder's full path.</param>
/// <param name="Assembly">The main assembly, loaded in the plugin's own context.</param>
/// <param name="Entries">The entry points named by the assembly's <see cref="OpenWhiskPluginAttribute"/>s.</param>
public sealed record LoadedPlugin(string Name, string Folder, Assembly Assembly, IReadOnlyList<IOpenWhiskPlugin> Entries)
{
    /// <summary>Gets how the plugin is named in messages: <c>plugin 'Docker' (/path/plugins/Docker)</c>.</summary>
    public string Description => $"plugin '{Name}' ({Folder})";
}
