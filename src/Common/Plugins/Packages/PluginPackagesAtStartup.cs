namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Installs the packages <c>Plugins:Packages</c> names before the host loads its plugins
/// (<see cref="PluginPackageInstaller.EnsureAsync"/>): one that is installed already is kept, an entry with a version
/// replaces an installed different version once the new one is in place, and a folder of that name that was not
/// installed from a package is left alone and reported.
/// </summary>
internal static class PluginPackagesAtStartup
{
    /// <summary>Installs what is missing.</summary>
    /// <param name="options">The plugins options.</param>
    /// <param name="pluginsPath">The resolved plugins folder.</param>
    /// <returns>What was done with each entry, in order.</returns>
    /// <exception cref="PluginLoadException">A package could not be installed; the host does not start.</exception>
    public static IReadOnlyList<PluginStartupInstall> Ensure(PluginsOptions options, string pluginsPath)
    {
        if (options.Packages.Count == 0)
        {
            return [];
        }

        var results = new List<PluginStartupInstall>();
        var installer = new PluginPackageInstaller(pluginsPath, TimeProvider.System);
        var sources = PluginsCommand.Sources(options.Sources);
        foreach (var entry in options.Packages)
        {
            try
            {
                var request = PluginPackageRequest.Parse(entry);
                var installed = Task.Run(() => installer.EnsureAsync(request, sources, CancellationToken.None)).GetAwaiter().GetResult();
                results.Add(new PluginStartupInstall(entry, installed));
            }
            catch (PluginPackageException exception)
            {
                throw new PluginLoadException($"Plugins:Packages entry '{entry}' could not be installed: {exception.Message}", exception);
            }
        }

        return results;
    }
}
