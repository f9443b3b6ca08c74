using NuGet.Common;
using NuGet.Configuration;
using NuGet.Packaging.Core;
using NuGet.Protocol.Core.Types;
using NuGet.Resolver;
using NuGet.Versioning;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// Which packages a plugin brings: its dependencies resolved with NuGet's resolver (lowest applicable versions, as a
/// build would), without those the host provides (<c>OpenWhisk.Spi</c>, and anything referenced without its runtime
/// assets), each package that references <c>OpenWhisk.Spi</c> checked against the host's version.
/// </summary>
internal static class PluginDependencyResolution
{
    /// <summary>How many versions of a package each dependency range considers, lowest first.</summary>
    private const int CandidatesPerRange = 3;

    /// <summary>Checks a package's reference to <c>OpenWhisk.Spi</c> against the host's.</summary>
    /// <param name="package">The package.</param>
    /// <param name="required">Whether the package must reference it (the plugin's own package does).</param>
    /// <returns>The reference, or <see langword="null"/> when the package has none and none is required.</returns>
    /// <exception cref="PluginPackageException">The reference is missing or incompatible.</exception>
    public static PackageDependency? CheckSpi(SourcePackageDependencyInfo package, bool required)
    {
        var spi = package.Dependencies.FirstOrDefault(d => string.Equals(d.Id, PluginPackageInstaller.SpiPackageId, StringComparison.OrdinalIgnoreCase));
        if (spi is null)
        {
            return required
                ? throw new PluginPackageException($"Package {package.Id} {package.Version} does not reference {PluginPackageInstaller.SpiPackageId}, so it is not an OpenWhisk.NET plugin.")
                : null;
        }

        var host = PluginPackageInstaller.HostSpiVersion;
        var wanted = spi.VersionRange.MinVersion;
        var compatible = wanted is not null
            && wanted.Major == host.Major
            && (host.Major > 0 || wanted.Minor == host.Minor)
            && wanted <= host
            && spi.VersionRange.Satisfies(host);
        return compatible
            ? spi
            : throw new PluginPackageException(
                $"Package {package.Id} {package.Version} is built against {PluginPackageInstaller.SpiPackageId} {spi.VersionRange.PrettyPrint()}; this host provides {PluginPackageInstaller.SpiPackageId} {host}. " +
                $"A plugin needs the host's major version{(host.Major == 0 ? " (before 1.0, its minor version)" : string.Empty)} and no newer one.");
    }

    /// <summary>Resolves the plugin's dependencies from the feeds.</summary>
    /// <param name="feeds">The feeds.</param>
    /// <param name="root">The plugin's own package.</param>
    /// <param name="cancellationToken">Cancels the resolution.</param>
    /// <returns>The packages to install with the plugin (not the plugin's own).</returns>
    /// <exception cref="PluginPackageException">They cannot be resolved, or one needs another OpenWhisk.Spi.</exception>
    public static async Task<IReadOnlyList<SourcePackageDependencyInfo>> ResolveAsync(
        PluginPackageFeeds feeds, SourcePackageDependencyInfo root, CancellationToken cancellationToken)
    {
        var originals = new Dictionary<PackageIdentity, SourcePackageDependencyInfo>(PackageIdentityComparer.Default) { [root] = root };
        var rootInfo = WithoutHostProvided(root);
        var available = new Dictionary<PackageIdentity, SourcePackageDependencyInfo>(PackageIdentityComparer.Default) { [rootInfo] = rootInfo };
        var asked = new HashSet<(string, VersionRange)>();
        var pending = new Queue<PackageDependency>(rootInfo.Dependencies);
        while (pending.TryDequeue(out var dependency))
        {
            if (string.Equals(dependency.Id, root.Id, StringComparison.OrdinalIgnoreCase) || !asked.Add((dependency.Id.ToLowerInvariant(), dependency.VersionRange)))
            {
                continue;
            }

            foreach (var original in await feeds.CandidatesAsync(dependency.Id, dependency.VersionRange, CandidatesPerRange, cancellationToken))
            {
                var info = WithoutHostProvided(original);
                if (available.TryAdd(info, info))
                {
                    originals[info] = original;
                    foreach (var next in info.Dependencies)
                    {
                        pending.Enqueue(next);
                    }
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

        var packages = resolved
            .Where(identity => !string.Equals(identity.Id, root.Id, StringComparison.OrdinalIgnoreCase))
            .Select(identity => available[identity])
            .ToList();
        foreach (var package in packages)
        {
            CheckSpi(originals[package], required: false);
        }

        return packages;
    }

    /// <summary>Whether the host provides a dependency itself: OpenWhisk.Spi, and anything referenced without its runtime assets.</summary>
    private static bool ProvidedByHost(PackageDependency dependency)
    {
        static bool Names(IReadOnlyList<string> flags, string flag) =>
            flags.Any(f => f.Equals(flag, StringComparison.OrdinalIgnoreCase) || f.Equals("All", StringComparison.OrdinalIgnoreCase));

        return string.Equals(dependency.Id, PluginPackageInstaller.SpiPackageId, StringComparison.OrdinalIgnoreCase)
            || Names(dependency.Exclude, "Runtime")
            || (dependency.Include.Count > 0 && !Names(dependency.Include, "Runtime"));
    }

    private static SourcePackageDependencyInfo WithoutHostProvided(SourcePackageDependencyInfo info) =>
        new(info.Id, info.Version, info.Dependencies.Where(d => !ProvidedByHost(d)), info.Listed, info.Source);
}
