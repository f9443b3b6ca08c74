using System.Reflection;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol.Core.Types;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Lays packages out in a plugin folder: the assemblies of the package's <c>lib/</c> folder nearest the host's
/// framework, flat (as <c>dotnet publish</c> does), except those the host's shared frameworks hold in the same or a
/// newer version (old package trees bring such assemblies, System.Text.Json 4.x say, which would otherwise shadow the
/// framework's types in the plugin's load context, as a build's conflict resolution prevents); native
/// libraries for the host's runtime identifier and its fallbacks under their <c>runtimes/&lt;rid&gt;/native/</c> path.
/// </summary>
internal static class PluginPackageExtractor
{
    private static readonly Lazy<Dictionary<string, Version?>> FrameworkAssemblies = new(ReadFrameworkAssemblies);

    /// <summary>Extracts the plugin's own package and finds its one assembly with <c>[assembly: OpenWhiskPlugin]</c>.</summary>
    /// <param name="root">The plugin's package.</param>
    /// <param name="nupkg">Its bytes.</param>
    /// <param name="folder">The staging folder.</param>
    /// <returns>What it contributed, and the main assembly's simple name.</returns>
    /// <exception cref="PluginPackageException">It has no plugin assembly, or several.</exception>
    public static (PluginPackageAssets Assets, string MainAssembly) ExtractPlugin(SourcePackageDependencyInfo root, byte[] nupkg, string folder)
    {
        var assets = Extract(root, nupkg, folder);
        var plugins = assets.Assemblies
            .Select(path => Path.GetFileName(path))
            .Where(file => PluginAssemblyInspector.IsPluginAssembly(File.ReadAllBytes(Path.Combine(folder, file))))
            .ToList();
        return plugins.Count switch
        {
            1 => (assets, Path.GetFileNameWithoutExtension(plugins[0])),
            0 => throw new PluginPackageException(
                $"Package {root.Id} {root.Version} carries no assembly with [assembly: OpenWhiskPlugin(typeof(...))] for {PluginPackageFeeds.HostFramework.GetShortFolderName()}, so the host would find no plugin in it."),
            _ => throw new PluginPackageException(
                $"Package {root.Id} {root.Version} carries {plugins.Count} plugin assemblies ({string.Join(", ", plugins)}); a plugin package carries one."),
        };
    }

    /// <summary>Extracts one package's assets into the folder.</summary>
    /// <param name="package">The package.</param>
    /// <param name="nupkg">Its bytes.</param>
    /// <param name="folder">The staging folder.</param>
    /// <returns>What it contributed.</returns>
    /// <exception cref="PluginPackageException">It has no assemblies for the host's framework, or brings a file another package brought.</exception>
    public static PluginPackageAssets Extract(SourcePackageDependencyInfo package, byte[] nupkg, string folder)
    {
        using var reader = new PackageArchiveReader(new MemoryStream(nupkg, writable: false));
        var identity = new PackageIdentity(package.Id, package.Version);
        var groups = reader.GetLibItems().ToList();
        var nearest = new FrameworkReducer().GetNearest(PluginPackageFeeds.HostFramework, groups.Select(g => g.TargetFramework));
        if (nearest is null && groups.Count > 0)
        {
            throw new PluginPackageException(
                $"Package {identity} has no assemblies for {PluginPackageFeeds.HostFramework.GetShortFolderName()} (it targets {string.Join(", ", groups.Select(g => g.TargetFramework.GetShortFolderName()))}).");
        }

        var assemblies = new List<string>();
        var candidates = nearest is null
            ? []
            : groups.First(g => g.TargetFramework == nearest).Items
                .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && path.Count(c => c == '/') == 2);
        foreach (var path in candidates)
        {
            var destination = Path.Combine(folder, Path.GetFileName(path));
            ExtractFile(reader, path, destination, identity);
            if (FrameworkHasSameOrNewer(destination))
            {
                File.Delete(destination);
            }
            else
            {
                assemblies.Add(path);
            }
        }

        var natives = reader.GetFiles("runtimes")
            .Where(path => path.Split('/') is [_, var rid, "native", var file] && file.Length > 0 && IsHostRuntime(rid))
            .ToList();
        foreach (var path in natives)
        {
            ExtractFile(reader, path, Path.Combine(folder, path), identity);
        }

        return new PluginPackageAssets(identity, "sha512-" + Convert.ToBase64String(SHA512.HashData(nupkg)), assemblies, natives);
    }

    /// <summary>Whether native assets of a runtime identifier load on this host: its own, or one it falls back to.</summary>
    /// <param name="rid">The runtime identifier of a <c>runtimes/&lt;rid&gt;/</c> folder.</param>
    /// <returns>True for the host's identifier (<c>linux-x64</c>), its prefixes (<c>linux</c>) and <c>unix</c> off Windows.</returns>
    internal static bool IsHostRuntime(string rid)
    {
        var host = RuntimeInformation.RuntimeIdentifier;
        return rid == host
            || host.StartsWith(rid + "-", StringComparison.Ordinal)
            || (rid == "unix" && !OperatingSystem.IsWindows());
    }

    private static bool FrameworkHasSameOrNewer(string assemblyPath)
    {
        AssemblyName name;
        try
        {
            name = AssemblyName.GetAssemblyName(assemblyPath);
        }
        catch (BadImageFormatException)
        {
            return false;
        }

        return name.Name is { } simple
            && FrameworkAssemblies.Value.TryGetValue(simple, out var hostVersion)
            && (hostVersion is null || name.Version is null || hostVersion >= name.Version);
    }

    private static Dictionary<string, Version?> ReadFrameworkAssemblies()
    {
        // The shared frameworks' folders (Microsoft.NETCore.App, Microsoft.AspNetCore.App) sit side by side under shared/.
        var shared = Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..")) + Path.DirectorySeparatorChar;
        var assemblies = new Dictionary<string, Version?>(StringComparer.OrdinalIgnoreCase);
        var trusted = (AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES") as string ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Where(path => path.StartsWith(shared, StringComparison.Ordinal));
        foreach (var path in trusted)
        {
            try
            {
                var name = AssemblyName.GetAssemblyName(path);
                if (name.Name is { } simple && (!assemblies.TryGetValue(simple, out var known) || known < name.Version))
                {
                    assemblies[simple] = name.Version;
                }
            }
            catch (Exception exception) when (exception is BadImageFormatException or IOException)
            {
            }
        }

        return assemblies;
    }

    private static void ExtractFile(PackageArchiveReader reader, string path, string destination, PackageIdentity identity)
    {
        if (File.Exists(destination))
        {
            throw new PluginPackageException($"Package {identity} brings {path}, but another package of the plugin already brought a file of that name.");
        }

        Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
        using var source = reader.GetStream(path);
        using var target = File.Create(destination);
        source.CopyTo(target);
    }
}
