using NuGet.Common;
using NuGet.Frameworks;
using NuGet.Packaging.Core;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// The NuGet sources plugins are installed from (feed URLs or local folders), through NuGet's client libraries:
/// finds versions, reads dependency information for the host's framework and downloads packages.
/// </summary>
internal sealed class PluginPackageFeeds : IDisposable
{
    private readonly List<SourceRepository> repositories;
    private readonly SourceCacheContext cache = new() { NoCache = true, DirectDownload = true };

    /// <summary>Initializes a new instance of the <see cref="PluginPackageFeeds"/> class.</summary>
    /// <param name="sources">Feed URLs (<c>https://api.nuget.org/v3/index.json</c>) or local folders.</param>
    public PluginPackageFeeds(IEnumerable<string> sources)
    {
        repositories = sources
            .Where(source => !string.IsNullOrWhiteSpace(source))
            .Select(source => Normalize(source))
            .Select(source => Repository.Factory.GetCoreV3(source))
            .ToList();
        if (repositories.Count == 0)
        {
            throw new PluginPackageException("No package source is configured (give --source or set Plugins:Sources).");
        }
    }

    /// <summary>
    /// A source as NuGet takes it: an <c>http(s)</c> feed URL as given, a <c>file:</c> URL as its path, anything else
    /// as a folder, relative to <paramref name="baseDirectory"/> (the working directory by default).
    /// </summary>
    /// <param name="source">The source as written.</param>
    /// <param name="baseDirectory">The folder relative paths are taken from.</param>
    /// <returns>The source.</returns>
    public static string Normalize(string source, string? baseDirectory = null)
    {
        ArgumentNullException.ThrowIfNull(source);
        if (Uri.TryCreate(source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" or "file")
        {
            return uri.IsFile ? uri.LocalPath : source;
        }

        return Path.GetFullPath(baseDirectory is null ? source : Path.Combine(baseDirectory, source));
    }

    /// <summary>Gets the framework plugins are built for: the host's.</summary>
    public static NuGetFramework HostFramework { get; } = NuGetFramework.Parse("net10.0");

    /// <summary>Gets the sources, as given.</summary>
    public IEnumerable<string> Sources => repositories.Select(r => r.PackageSource.Source);

    /// <summary>Finds the requested version (or the newest stable one) and the source that holds it.</summary>
    /// <param name="request">The package and optional version.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The package's dependency information.</returns>
    /// <exception cref="PluginPackageException">No source holds it.</exception>
    public async Task<SourcePackageDependencyInfo> FindAsync(PluginPackageRequest request, CancellationToken cancellationToken)
    {
        SourcePackageDependencyInfo? best = null;
        foreach (var info in await ResolveAllAsync(request.Id, cancellationToken))
        {
            var wanted = request.Version is { } version ? info.Version == version : !info.Version.IsPrerelease && info.Listed;
            if (wanted && (best is null || info.Version > best.Version))
            {
                best = info;
            }
        }

        return best ?? throw new PluginPackageException(
            $"Package {request} was not found on {string.Join(", ", Sources)}{(request.Version is null ? " (no stable version)" : string.Empty)}.");
    }

    /// <summary>Every version of a package the sources hold, with its dependencies for the host's framework.</summary>
    /// <param name="id">The package id.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The versions found, from every source.</returns>
    public async Task<IReadOnlyList<SourcePackageDependencyInfo>> ResolveAllAsync(string id, CancellationToken cancellationToken)
    {
        var found = new List<SourcePackageDependencyInfo>();
        foreach (var repository in repositories)
        {
            try
            {
                var resource = await repository.GetResourceAsync<DependencyInfoResource>(cancellationToken)
                    ?? throw new PluginPackageException($"Package source {repository.PackageSource.Source} is not a NuGet feed or package folder.");
                found.AddRange(await resource.ResolvePackages(id, HostFramework, cache, NullLogger.Instance, cancellationToken));
            }
            catch (Exception exception) when (exception is FatalProtocolException or HttpRequestException or IOException)
            {
                throw new PluginPackageException($"Package source {repository.PackageSource.Source} could not be read: {exception.Message}", exception);
            }
        }

        return found;
    }

    /// <summary>Downloads a package from the source its information came from.</summary>
    /// <param name="package">The package.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The .nupkg bytes.</returns>
    public async Task<byte[]> DownloadAsync(SourcePackageDependencyInfo package, CancellationToken cancellationToken)
    {
        var repositoriesToTry = package.Source is { } source ? [source, .. repositories.Where(r => r != source)] : repositories;
        foreach (var repository in repositoriesToTry)
        {
            if (await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken) is not { } finder)
            {
                continue;
            }

            using var stream = new MemoryStream();
            try
            {
                if (await finder.CopyNupkgToStreamAsync(package.Id, package.Version, stream, cache, NullLogger.Instance, cancellationToken))
                {
                    return stream.ToArray();
                }
            }
            catch (Exception exception) when (exception is FatalProtocolException or HttpRequestException or IOException)
            {
                throw new PluginPackageException($"Package {new PackageIdentity(package.Id, package.Version)} could not be downloaded from {repository.PackageSource.Source}: {exception.Message}", exception);
            }
        }

        throw new PluginPackageException($"Package {new PackageIdentity(package.Id, package.Version)} could not be downloaded from {string.Join(", ", Sources)}.");
    }

    /// <inheritdoc />
    public void Dispose() => cache.Dispose();
}
