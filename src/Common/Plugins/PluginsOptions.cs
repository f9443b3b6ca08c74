namespace OpenWhisk.Common.Plugins;

/// <summary>Where a host finds its plugins, and which plugin packages it installs at startup (section <c>Plugins</c>).</summary>
public sealed class PluginsOptions
{
    /// <summary>Gets or sets the plugins folder, one subfolder per plugin; relative paths are taken from the executable's folder.</summary>
    public string Path { get; set; } = "plugins";

    /// <summary>
    /// Gets or sets plugin packages (<c>id</c> or <c>id@version</c>) installed at startup when the plugins folder does
    /// not hold them yet (an entry with a version replaces an installed different version), for container images
    /// and compose deployments.
    /// </summary>
    public List<string> Packages { get; set; } = [];

    /// <summary>
    /// Gets or sets the NuGet feeds (URLs) or folders that packages are installed from, folders relative to the
    /// executable's folder; empty means nuget.org.
    /// </summary>
    public List<string> Sources { get; set; } = [];
}
