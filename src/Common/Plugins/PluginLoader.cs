using System.Reflection;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins;

/// <summary>
/// Loads plugins: every subfolder of the plugins folder is one plugin, loaded into its own
/// <see cref="PluginLoadContext"/>. Its main assembly is the one its <c>.deps.json</c> is named after.
/// </summary>
public static class PluginLoader
{
    /// <summary>Loads every plugin under <paramref name="pluginsPath"/> (hidden folders excepted); a missing folder means no plugins.</summary>
    /// <param name="pluginsPath">The folder that holds one subfolder per plugin.</param>
    /// <returns>The loaded plugins, ordered by folder name.</returns>
    /// <exception cref="PluginLoadException">A plugin folder could not be loaded.</exception>
    public static IReadOnlyList<LoadedPlugin> LoadAll(string pluginsPath)
    {
        if (!Directory.Exists(pluginsPath))
        {
            return [];
        }

        // Hidden folders are plugins being installed or removed (plugins add/remove), never loaded.
        return Directory.GetDirectories(pluginsPath)
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    /// <summary>Loads the plugin in one folder.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <returns>The plugin.</returns>
    /// <exception cref="PluginLoadException">The folder holds no loadable plugin.</exception>
    public static LoadedPlugin Load(string folder)
    {
        folder = Path.GetFullPath(folder);
        var mainAssemblyPath = FindMainAssembly(folder);
        var assembly = LoadMainAssembly(mainAssemblyPath);
        var entries = CreateEntries(assembly, mainAssemblyPath);
        return new LoadedPlugin(Path.GetFileName(folder), folder, assembly, entries);
    }

    private static string FindMainAssembly(string folder)
    {
        var depsFiles = Directory.GetFiles(folder, "*.deps.json");
        if (depsFiles.Length == 1)
        {
            DepsFile.Validate(depsFiles[0]);
            var name = Path.GetFileName(depsFiles[0])[..^".deps.json".Length];
            var path = Path.Combine(folder, name + ".dll");
            return File.Exists(path)
                ? path
                : throw new PluginLoadException($"Plugin folder '{folder}': '{depsFiles[0]}' names assembly '{name}.dll', which is missing.");
        }

        if (depsFiles.Length > 1)
        {
            throw new PluginLoadException(
                $"Plugin folder '{folder}' holds {depsFiles.Length} .deps.json files; a plugin folder holds exactly one plugin.");
        }

        var assemblies = Directory.GetFiles(folder, "*.dll");
        return assemblies.Length == 1
            ? assemblies[0]
            : throw new PluginLoadException(
                $"Plugin folder '{folder}' has no .deps.json naming its main assembly and holds {assemblies.Length} assemblies; build the plugin with EnableDynamicLoading=true and copy its whole output folder.");
    }

    private static Assembly LoadMainAssembly(string path)
    {
        try
        {
            return new PluginLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException exception)
        {
            throw new PluginLoadException($"Plugin assembly '{path}' is not a valid .NET assembly: {exception.Message}", exception);
        }
        catch (FileLoadException exception)
        {
            throw new PluginLoadException($"Plugin assembly '{path}' could not be loaded: {exception.Message}", exception);
        }
    }

    private static List<IOpenWhiskPlugin> CreateEntries(Assembly assembly, string path)
    {
        List<OpenWhiskPluginAttribute> attributes;
        try
        {
            attributes = assembly.GetCustomAttributes<OpenWhiskPluginAttribute>().ToList();
        }
        catch (Exception exception) when (exception is FileNotFoundException or FileLoadException or TypeLoadException or BadImageFormatException)
        {
            throw new PluginLoadException($"Plugin assembly '{path}' could not be read: {exception.Message}", exception);
        }

        if (attributes.Count == 0)
        {
            throw new PluginLoadException(
                $"Plugin assembly '{path}' has no [assembly: OpenWhiskPlugin(typeof(...))] attribute naming its entry type.");
        }

        var entries = new List<IOpenWhiskPlugin>(attributes.Count);
        foreach (var attribute in attributes)
        {
            entries.Add(CreateEntry(attribute.EntryType, path));
        }

        return entries;
    }

    private static IOpenWhiskPlugin CreateEntry(Type entryType, string path)
    {
        if (!typeof(IOpenWhiskPlugin).IsAssignableFrom(entryType))
        {
            throw new PluginLoadException(
                $"Plugin assembly '{path}': entry type '{entryType.FullName}' does not implement {nameof(IOpenWhiskPlugin)} (is OpenWhisk.Spi copied into the plugin folder with a different version?).");
        }

        try
        {
            return (IOpenWhiskPlugin)Activator.CreateInstance(entryType)!;
        }
        catch (Exception exception) when (exception is MissingMethodException or TargetInvocationException or MemberAccessException)
        {
            throw new PluginLoadException(
                $"Plugin assembly '{path}': entry type '{entryType.FullName}' could not be created: {exception.GetBaseException().Message}", exception);
        }
    }
}
