using System.Reflection;
using System.Security.Cryptography;
using NuGet.Common;
using NuGet.Configuration;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol.Core.Types;
using NuGet.Resolver;
using NuGet.Versioning;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Installs plugins from NuGet packages into a plugins folder, lists and removes them. A package is refused unless
/// it references a compatible <c>OpenWhisk.Spi</c> and carries an assembly with <c>[assembly: OpenWhiskPlugin]</c>;
/// its dependencies are resolved with NuGet's resolver (lowest applicable versions, as a build would), and the folder
/// is laid out as the plugin loader expects, with a generated <c>.deps.json</c>. Installation writes a hidden
/// staging folder and renames it into place, and removal renames before deleting, so a running host's loaded
/// folders are never rewritten: the next start picks the change up.
/// </summary>
/// <param name="pluginsPath">The plugins folder (<c>Plugins:Path</c>).</param>
/// <param name="timeProvider">The clock for the install time.</param>
public sealed class PluginPackageInstaller(string pluginsPath, TimeProvider timeProvider)
{
    /// <summary>The package every plugin references for its contracts; the host provides it.</summary>
    public const string SpiPackageId = "OpenWhisk.Spi";

    /// <summary>Gets the version of <c>OpenWhisk.Spi</c> this host provides.</summary>
    public static NuGetVersion HostSpiVersion { get; } = NuGetVersion.Parse(
        (typeof(IOpenWhiskPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0]);

    /// <summary>Installs a package as the plugin folder named after its id.</summary>
    /// <param name="request">The package and optional version.</param>
    /// <param name="sources">Feed URLs or local folders.</param>
    /// <param name="cancellationToken">Cancels the installation (nothing is left behind).</param>
    /// <returns>What was installed.</returns>
    /// <exception cref="PluginPackageException">The package was refused or could not be installed.</exception>
    public async Task<InstalledPlugin> AddAsync(PluginPackageRequest request, IReadOnlyList<string> sources, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (Find(request.Id) is { } clash)
        {
            throw new PluginPackageException($"A plugin named '{clash.Name}' is already installed in {pluginsPath}; remove it first (plugins remove {clash.Name}).");
        }

        using var feeds = new PluginPackageFeeds(sources);
        var root = await feeds.FindAsync(request, cancellationToken);
        var spi = CheckSpi(root);
        var dependencies = await ResolveDependenciesAsync(feeds, root, cancellationToken);
        Directory.CreateDirectory(pluginsPath);
        var staging = Path.Combine(pluginsPath, ".staging-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(staging);
        try
        {
            var (plugin, mainAssembly) = CopyPlugin(root, await feeds.DownloadAsync(root, cancellationToken), staging);
            var assets = new List<PluginPackageAssets>(dependencies.Count);
            foreach (var dependency in dependencies)
            {
                assets.Add(CopyDependency(dependency, await feeds.DownloadAsync(dependency, cancellationToken), staging));
            }

            PluginDepsFile.Write(staging, mainAssembly, plugin, assets);
            var installed = new InstalledPlugin
            {
                PackageId = root.Id,
                Version = root.Version.ToNormalizedString(),
                Source = root.Source?.PackageSource.Source ?? string.Join(", ", feeds.Sources),
                Packages = [.. new[] { plugin }.Concat(assets).Select(a => $"{a.Package.Id}@{a.Package.Version.ToNormalizedString()}")],
                Spi = spi.VersionRange.ToNormalizedString(),
                InstalledAt = timeProvider.GetUtcNow(),
            };
            installed.Write(staging);
            Directory.Move(staging, Path.Combine(pluginsPath, root.Id));
            return installed;
        }
        catch
        {
            Directory.Delete(staging, recursive: true);
            throw;
        }
    }

    /// <summary>Lists the plugin folders (hidden staging folders excluded).</summary>
    /// <returns>The folders, ordered by name.</returns>
    public IReadOnlyList<PluginFolderEntry> List() => !Directory.Exists(pluginsPath)
        ? []
        : Directory.GetDirectories(pluginsPath)
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(folder => new PluginFolderEntry(Path.GetFileName(folder), folder, InstalledPlugin.Read(folder)))
            .ToList();

    /// <summary>Removes a plugin folder; a running host keeps what it loaded until it stops.</summary>
    /// <param name="name">The plugin's folder name.</param>
    /// <returns>False when no such plugin is installed.</returns>
    /// <exception cref="PluginPackageException">The name is not a plugin folder name.</exception>
    public bool Remove(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.StartsWith('.') || name != Path.GetFileName(name))
        {
            throw new PluginPackageException($"'{name}' is not a plugin name (see plugins list).");
        }

        if (Find(name) is not { } entry)
        {
            return false;
        }

        var removed = Path.Combine(pluginsPath, ".removed-" + Guid.NewGuid().ToString("N"));
        Directory.Move(entry.Path, removed);
        Directory.Delete(removed, recursive: true);
        return true;
    }

    private PluginFolderEntry? Find(string name) =>
        List().FirstOrDefault(entry => string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase));

    private static PackageDependency CheckSpi(SourcePackageDependencyInfo root)
    {
        var spi = root.Dependencies.FirstOrDefault(d => string.Equals(d.Id, SpiPackageId, StringComparison.OrdinalIgnoreCase))
            ?? throw new PluginPackageException($"Package {root.Id} {root.Version} does not reference {SpiPackageId}, so it is not an OpenWhisk.NET plugin.");
        var host = HostSpiVersion;
        var wanted = spi.VersionRange.MinVersion;
        var compatible = wanted is not null
            && wanted.Major == host.Major
            && (host.Major > 0 || wanted.Minor == host.Minor)
            && wanted <= host
            && spi.VersionRange.Satisfies(host);
        return compatible
            ? spi
            : throw new PluginPackageException(
                $"Package {root.Id} {root.Version} is built against {SpiPackageId} {spi.VersionRange.PrettyPrint()}; this host provides {SpiPackageId} {host}. " +
                $"A plugin needs the host's major version{(host.Major == 0 ? " (before 1.0, its minor version)" : string.Empty)} and no newer one.");
    }

    /// <summary>Whether the host provides a dependency itself: OpenWhisk.Spi, and anything referenced without its runtime assets.</summary>
    private static bool ProvidedByHost(PackageDependency dependency) =>
        string.Equals(dependency.Id, SpiPackageId, StringComparison.OrdinalIgnoreCase)
        || dependency.Exclude.Any(e => e.Equals("Runtime", StringComparison.OrdinalIgnoreCase) || e.Equals("All", StringComparison.OrdinalIgnoreCase));

    private static SourcePackageDependencyInfo WithoutHostProvided(SourcePackageDependencyInfo info) =>
        new(info.Id, info.Version, info.Dependencies.Where(d => !ProvidedByHost(d)), info.Listed, info.Source);

    private static async Task<IReadOnlyList<SourcePackageDependencyInfo>> ResolveDependenciesAsync(
        PluginPackageFeeds feeds, SourcePackageDependencyInfo root, CancellationToken cancellationToken)
    {
        var rootInfo = WithoutHostProvided(root);
        var available = new Dictionary<PackageIdentity, SourcePackageDependencyInfo>(PackageIdentityComparer.Default) { [rootInfo] = rootInfo };
        var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase) { root.Id };
        var pending = new Queue<string>(rootInfo.Dependencies.Select(d => d.Id));
        while (pending.TryDequeue(out var id))
        {
            if (!seen.Add(id))
            {
                continue;
            }

            foreach (var info in (await feeds.ResolveAllAsync(id, cancellationToken)).Select(WithoutHostProvided))
            {
                available.TryAdd(info, info);
                foreach (var dependency in info.Dependencies)
                {
                    pending.Enqueue(dependency.Id);
                }
            }
        }

        var context = new PackageResolverContext(
            DependencyBehavior.Lowest,
            [root.Id],
            [root.Id],
            [],
            [new PackageIdentity(root.Id, root.Version)],
            available.Values,
            feeds.Sources.Select(source => new PackageSource(source)),
            NullLogger.Instance);
        IEnumerable<PackageIdentity> resolved;
        try
        {
            resolved = new PackageResolver().Resolve(context, cancellationToken);
        }
        catch (NuGetResolverException exception)
        {
            throw new PluginPackageException($"The dependencies of {root.Id} {root.Version} cannot be resolved from {string.Join(", ", feeds.Sources)}: {exception.Message}", exception);
        }

        return resolved
            .Where(identity => !string.Equals(identity.Id, root.Id, StringComparison.OrdinalIgnoreCase))
            .Select(identity => available[identity])
            .ToList();
    }

    private static (PluginPackageAssets Assets, string MainAssembly) CopyPlugin(SourcePackageDependencyInfo root, byte[] nupkg, string folder)
    {
        var assets = CopyDependency(root, nupkg, folder);
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

    private static PluginPackageAssets CopyDependency(SourcePackageDependencyInfo package, byte[] nupkg, string folder)
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

        var assemblies = nearest is null
            ? []
            : groups.First(g => g.TargetFramework == nearest).Items
                .Where(path => path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase) && path.Count(c => c == '/') == 2)
                .ToList();
        foreach (var path in assemblies)
        {
            Extract(reader, path, Path.Combine(folder, Path.GetFileName(path)), identity);
        }

        var natives = reader.GetFiles("runtimes")
            .Where(path => path.Split('/') is [_, "linux-x64" or "linux" or "unix", "native", _])
            .ToList();
        foreach (var path in natives)
        {
            Extract(reader, path, Path.Combine(folder, path), identity);
        }

        return new PluginPackageAssets(identity, "sha512-" + Convert.ToBase64String(SHA512.HashData(nupkg)), assemblies, natives);
    }

    private static void Extract(PackageArchiveReader reader, string path, string destination, PackageIdentity identity)
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
