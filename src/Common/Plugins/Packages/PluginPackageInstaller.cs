using System.Reflection;
using NuGet.Versioning;
using OpenWhisk.Spi.Plugins;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Installs plugins from NuGet packages into a plugins folder, lists and removes them. A package is refused unless
/// it (and every package it brings that references <c>OpenWhisk.Spi</c>) references a compatible <c>OpenWhisk.Spi</c>
/// and it carries an assembly with <c>[assembly: OpenWhiskPlugin]</c>; its dependencies are resolved with NuGet's
/// resolver (<see cref="PluginDependencyResolution"/>) and laid out as the plugin loader expects
/// (<see cref="PluginPackageExtractor"/>, a generated <c>.deps.json</c>). Changes are made under a folder lock, in a
/// hidden staging folder renamed into place (a replaced version is renamed away first, then deleted), so the loader
/// never sees a half-written plugin. A host that is running keeps the assemblies it has loaded; one it loads later
/// from a removed or replaced folder is gone, so hosts are stopped before a plugin is removed or replaced.
/// </summary>
/// <param name="pluginsPath">The plugins folder (<c>Plugins:Path</c>).</param>
/// <param name="timeProvider">The clock for the install time.</param>
public sealed class PluginPackageInstaller(string pluginsPath, TimeProvider timeProvider)
{
    /// <summary>The package every plugin references for its contracts; the host provides it.</summary>
    public const string SpiPackageId = "OpenWhisk.Spi";

    private static readonly TimeSpan LockTimeout = TimeSpan.FromMinutes(2);

    /// <summary>Gets the version of <c>OpenWhisk.Spi</c> this host provides.</summary>
    public static NuGetVersion HostSpiVersion { get; } = NuGetVersion.Parse(
        (typeof(IOpenWhiskPlugin).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0]);

    /// <summary>Installs a package as the plugin folder named after its id.</summary>
    /// <param name="request">The package and optional version.</param>
    /// <param name="sources">Feed URLs or local folders.</param>
    /// <param name="cancellationToken">Cancels the installation (nothing is left behind).</param>
    /// <returns>What was installed.</returns>
    /// <exception cref="PluginPackageException">The package was refused, a plugin of that name is installed, or it could not be installed.</exception>
    public Task<InstalledPlugin> AddAsync(PluginPackageRequest request, IReadOnlyList<string> sources, CancellationToken cancellationToken) =>
        InstallAsync(request, sources, replace: false, cancellationToken)!;

    /// <summary>
    /// Makes sure a package is installed: keeps an installed one that matches the request (any version when none is
    /// asked for), otherwise installs it, replacing an installed other version only once the new one is in place.
    /// </summary>
    /// <param name="request">The package and optional version.</param>
    /// <param name="sources">Feed URLs or local folders.</param>
    /// <param name="cancellationToken">Cancels the installation (the installed version stays).</param>
    /// <returns>What was installed, or <see langword="null"/> when the installed one was kept.</returns>
    /// <exception cref="PluginPackageException">The package was refused or could not be installed; a folder of that name not installed from a package is never replaced.</exception>
    public async Task<InstalledPlugin?> EnsureAsync(PluginPackageRequest request, IReadOnlyList<string> sources, CancellationToken cancellationToken) =>
        await InstallAsync(request, sources, replace: true, cancellationToken);

    /// <summary>Lists the plugin folders (hidden staging folders excluded).</summary>
    /// <returns>The folders, ordered by name.</returns>
    public IReadOnlyList<PluginFolderEntry> List() => !Directory.Exists(pluginsPath)
        ? []
        : Directory.GetDirectories(pluginsPath)
            .Where(folder => !Path.GetFileName(folder).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(folder => new PluginFolderEntry(Path.GetFileName(folder), folder, InstalledPlugin.Read(folder)))
            .ToList();

    /// <summary>Removes a plugin folder.</summary>
    /// <param name="name">The plugin's folder name.</param>
    /// <param name="force">Also remove a folder that was not installed from a package (copied by hand, or shipped with the host).</param>
    /// <param name="cancellationToken">Cancels the wait for the folder lock.</param>
    /// <returns>False when no such plugin is installed.</returns>
    /// <exception cref="PluginPackageException">The name is not a plugin folder name, or the folder was not installed from a package and <paramref name="force"/> is false.</exception>
    public async Task<bool> RemoveAsync(string name, bool force, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || name.StartsWith('.') || name != Path.GetFileName(name))
        {
            throw new PluginPackageException($"'{name}' is not a plugin name (see plugins list).");
        }

        using var held = await PluginFolderLock.TakeAsync(pluginsPath, LockTimeout, timeProvider, cancellationToken);
        if (Find(name) is not { } entry)
        {
            return false;
        }

        if (entry.Package is null && !force)
        {
            throw new PluginPackageException($"{entry.Path} was not installed from a package (it was copied in, or ships with the host); remove it with --force if that is meant.");
        }

        Guarded(entry.Path, () => Discard(entry.Path));
        return true;
    }

    private async Task<InstalledPlugin?> InstallAsync(PluginPackageRequest request, IReadOnlyList<string> sources, bool replace, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(sources);
        using var held = await PluginFolderLock.TakeAsync(pluginsPath, LockTimeout, timeProvider, cancellationToken);
        var existing = Find(request.Id);
        if (replace && existing?.Package is { } current && (request.Version is null || current.Version == request.Version.ToNormalizedString()))
        {
            return null;
        }

        if (existing is not null && (!replace || existing.Package is null))
        {
            throw new PluginPackageException(existing.Package is null && replace
                ? $"{existing.Path} was not installed from a package; remove it, or the entry that names it."
                : $"A plugin named '{existing.Name}' is already installed in {pluginsPath}; remove it first (plugins remove {existing.Name}).");
        }

        using var feeds = new PluginPackageFeeds(sources);
        var root = await feeds.FindAsync(request, cancellationToken);
        if (!string.Equals(root.Id, request.Id, StringComparison.OrdinalIgnoreCase) || !NuGet.Packaging.PackageIdValidator.IsValidPackageId(root.Id))
        {
            throw new PluginPackageException($"The source answered package '{root.Id}' for '{request.Id}'.");
        }

        var spi = PluginDependencyResolution.CheckSpi(root, required: true)!;
        var dependencies = await PluginDependencyResolution.ResolveAsync(feeds, root, cancellationToken);
        var staging = Path.Combine(pluginsPath, ".staging-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(staging);
            var (plugin, mainAssembly) = PluginPackageExtractor.ExtractPlugin(root, await feeds.DownloadAsync(root, cancellationToken), staging);
            var assets = new List<PluginPackageAssets>(dependencies.Count);
            foreach (var dependency in dependencies)
            {
                assets.Add(PluginPackageExtractor.Extract(dependency, await feeds.DownloadAsync(dependency, cancellationToken), staging));
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
            var target = Path.Combine(pluginsPath, existing?.Name ?? root.Id);
            Guarded(target, () =>
            {
                if (existing is not null)
                {
                    Discard(existing.Path);
                }

                Directory.Move(staging, target);
            });
            return installed;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            throw new PluginPackageException($"{request} could not be written to {pluginsPath}: {exception.Message}", exception);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    private PluginFolderEntry? Find(string name) =>
        List().FirstOrDefault(entry => string.Equals(entry.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Renames a folder out of the loader's sight, then deletes it.</summary>
    private void Discard(string folder)
    {
        var removed = Path.Combine(pluginsPath, ".removed-" + Guid.NewGuid().ToString("N"));
        Directory.Move(folder, removed);
        TryDelete(removed);
    }

    private static void TryDelete(string folder)
    {
        try
        {
            if (Directory.Exists(folder))
            {
                Directory.Delete(folder, recursive: true);
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // A hidden leftover: the next installation clears it (PluginFolderLock).
        }
    }

    private static void Guarded(string path, Action change)
    {
        try
        {
            change();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new PluginPackageException($"{path} could not be changed: {exception.Message}", exception);
        }
    }
}
