using System.Text.Json.Nodes;
namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Writes the <c>.deps.json</c> that the plugin loader needs to find a plugin's main assembly and resolve its
/// dependencies from the plugin folder: the main assembly sits at the folder's root, package assemblies are
/// copied flat next to it (as <c>dotnet publish</c> lays them out), native assets keep their
/// <c>runtimes/&lt;rid&gt;/native/</c> path.
/// </summary>
internal static class PluginDepsFile
{
    /// <summary>Writes <c>&lt;main&gt;.deps.json</c> into the folder.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <param name="mainAssembly">The main assembly's simple name.</param>
    /// <param name="plugin">The plugin's own package and its assemblies (the main one among them).</param>
    /// <param name="dependencies">The other packages and their assets (paths as in the package).</param>
    public static void Write(string folder, string mainAssembly, PluginPackageAssets plugin, IReadOnlyList<PluginPackageAssets> dependencies)
    {
        const string target = ".NETCoreApp,Version=v10.0";
        var targetEntries = new JsonObject();
        var libraries = new JsonObject();
        var pluginKey = $"{plugin.Package.Id}/{plugin.Package.Version.ToNormalizedString()}";
        var dependencyVersions = new JsonObject();
        foreach (var dependency in dependencies)
        {
            dependencyVersions[dependency.Package.Id] = dependency.Package.Version.ToNormalizedString();
        }

        var pluginEntry = new JsonObject
        {
            ["dependencies"] = dependencyVersions,
            ["runtime"] = AssetObject(plugin.Assemblies.Select(Path.GetFileName).OfType<string>(), _ => new JsonObject()),
        };
        AddNativeAssets(pluginEntry, plugin);
        targetEntries[pluginKey] = pluginEntry;
        libraries[pluginKey] = new JsonObject { ["type"] = "project", ["serviceable"] = false, ["sha512"] = string.Empty };
        foreach (var dependency in dependencies)
        {
            var key = $"{dependency.Package.Id}/{dependency.Package.Version.ToNormalizedString()}";
            var entry = new JsonObject();
            if (dependency.Assemblies.Count > 0)
            {
                entry["runtime"] = AssetObject(dependency.Assemblies, _ => new JsonObject());
            }

            AddNativeAssets(entry, dependency);

            targetEntries[key] = entry;
            var lower = dependency.Package.Id.ToLowerInvariant();
            var version = dependency.Package.Version.ToNormalizedString().ToLowerInvariant();
            libraries[key] = new JsonObject
            {
                ["type"] = "package",
                ["serviceable"] = true,
                ["sha512"] = dependency.Sha512,
                ["path"] = $"{lower}/{version}",
                ["hashPath"] = $"{lower}.{version}.nupkg.sha512",
            };
        }

        var document = new JsonObject
        {
            ["runtimeTarget"] = new JsonObject { ["name"] = target, ["signature"] = string.Empty },
            ["compilationOptions"] = new JsonObject(),
            ["targets"] = new JsonObject { [target] = targetEntries },
            ["libraries"] = libraries,
        };
        File.WriteAllText(Path.Combine(folder, mainAssembly + ".deps.json"), document.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
    }

    private static void AddNativeAssets(JsonObject entry, PluginPackageAssets package)
    {
        if (package.NativeAssets.Count > 0)
        {
            entry["runtimeTargets"] = AssetObject(package.NativeAssets, path => new JsonObject { ["rid"] = path.Split('/')[1], ["assetType"] = "native" });
        }
    }

    private static JsonObject AssetObject(IEnumerable<string> paths, Func<string, JsonObject> describe)
    {
        var assets = new JsonObject();
        foreach (var path in paths)
        {
            assets[path] = describe(path);
        }

        return assets;
    }
}
