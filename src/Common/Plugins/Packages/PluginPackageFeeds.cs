using NuGet.Common;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Protocol;
using NuGet.Protocol.Core.Types;
using NuGet.Versioning;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// The NuGet sources plugins are installed from (feed URLs or local folders), through NuGet's client libraries:
/// finds versions, reads dependency information for the host's framework and downloads packages.
/// </summary>
internal sealed class PluginPackageFeeds : IDisposable
{
    private readonly List<SourceRepository> repositories;
    private readonly SourceCacheContext cache = new() { NoCache = true, DirectDownload = true };
    private readonly Dictionary<PackageIdentity, byte[]> downloaded = new(PackageIdentityComparer.Default);

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
        ArgumentNullException.ThrowIfNull(request);
        var versions = await VersionsAsync(request.Id, cancellationToken);
        var chosen = request.Version is { } wanted
            ? versions.FirstOrDefault(v => v.Version == wanted)
            : versions.Where(v => !v.Version.IsPrerelease).MaxBy(v => v.Version);
        var info = chosen.Source is null ? null : await DependencyInfoAsync(request.Id, chosen.Version, chosen.Source, cancellationToken);
        return info ?? throw new PluginPackageException(
            $"Package {request} was not found on {string.Join(", ", Sources)}{(request.Version is null ? " (no stable version)" : string.Empty)}.");
    }

    /// <summary>
    /// The versions of a package that a dependency range may resolve to, with their dependencies for the host's
    /// framework: for each range, the <paramref name="perRange"/> lowest versions that satisfy it (a resolution that
    /// takes the lowest applicable version rarely needs more).
    /// </summary>
    /// <param name="id">The package id.</param>
    /// <param name="range">The range a dependency asks for.</param>
    /// <param name="perRange">How many versions to consider.</param>
    /// <param name="cancellationToken">Cancels the lookup.</param>
    /// <returns>The candidates.</returns>
    public async Task<IReadOnlyList<SourcePackageDependencyInfo>> CandidatesAsync(string id, VersionRange range, int perRange, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(range);
        var candidates = new List<SourcePackageDependencyInfo>();
        foreach (var (version, source) in (await VersionsAsync(id, cancellationToken)).Where(v => range.Satisfies(v.Version)).OrderBy(v => v.Version).Take(perRange))
        {
            if (await DependencyInfoAsync(id, version, source, cancellationToken) is { } info)
            {
                candidates.Add(info);
            }
        }

        return candidates;
    }

    /// <summary>
    /// Every version of a package the sources hold, each with the first source that holds it. Read from the feeds'
    /// package content (the flat container, or the folder), as a restore reads it, not from registration metadata.
    /// </summary>
    private async Task<IReadOnlyList<(NuGetVersion Version, SourceRepository Source)>> VersionsAsync(string id, CancellationToken cancellationToken)
    {
        var found = new Dictionary<NuGetVersion, SourceRepository>();
        foreach (var repository in repositories)
        {
            var finder = await FinderAsync(repository, cancellationToken);
            try
            {
                foreach (var version in await finder.GetAllVersionsAsync(id, cache, NullLogger.Instance, cancellationToken))
                {
                    found.TryAdd(version, repository);
                }
            }
            catch (Exception exception) when (exception is FatalProtocolException or HttpRequestException or IOException)
            {
                throw new PluginPackageException($"Package source {repository.PackageSource.Source} could not be read: {exception.Message}", exception);
            }
        }

        return [.. found.Select(pair => (pair.Key, pair.Value))];
    }

    /// <summary>A package's dependencies for the host's framework, read from the .nuspec of the package downloaded once.</summary>
    private async Task<SourcePackageDependencyInfo?> DependencyInfoAsync(string id, NuGetVersion version, SourceRepository source, CancellationToken cancellationToken)
    {
        if (await FetchAsync(new PackageIdentity(id, version), source, cancellationToken) is not { } nupkg)
        {
            return null;
        }

        using var reader = new PackageArchiveReader(new MemoryStream(nupkg, writable: false));
        var identity = reader.GetIdentity();
        var group = NuGetFrameworkUtility.GetNearest(reader.NuspecReader.GetDependencyGroups(), HostFramework, g => g.TargetFramework);
        return new SourcePackageDependencyInfo(identity.Id, identity.Version, group?.Packages ?? [], listed: true, source);
    }

    /// <summary>Downloads a package from one source, once per installation; null when the source does not hold it.</summary>
    private async Task<byte[]?> FetchAsync(PackageIdentity package, SourceRepository source, CancellationToken cancellationToken)
    {
        if (downloaded.TryGetValue(package, out var known))
        {
            return known;
        }

        using var stream = new MemoryStream();
        try
        {
            if (!await (await FinderAsync(source, cancellationToken)).CopyNupkgToStreamAsync(package.Id, package.Version, stream, cache, NullLogger.Instance, cancellationToken))
            {
                return null;
            }
        }
        catch (Exception exception) when (exception is FatalProtocolException or HttpRequestException or IOException)
        {
            throw new PluginPackageException($"Package {package} could not be downloaded from {source.PackageSource.Source}: {exception.Message}", exception);
        }

        return downloaded[package] = stream.ToArray();
    }

    private static async Task<FindPackageByIdResource> FinderAsync(SourceRepository repository, CancellationToken cancellationToken) =>
        await repository.GetResourceAsync<FindPackageByIdResource>(cancellationToken)
            ?? throw new PluginPackageException($"Package source {repository.PackageSource.Source} is not a NuGet feed or package folder.");

    /// <summary>The package's bytes: downloaded already to read its dependencies, or now, from the source its information came from first.</summary>
    /// <param name="package">The package.</param>
    /// <param name="cancellationToken">Cancels the download.</param>
    /// <returns>The .nupkg bytes.</returns>
    public async Task<byte[]> DownloadAsync(SourcePackageDependencyInfo package, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(package);
        var identity = new PackageIdentity(package.Id, package.Version);
        var repositoriesToTry = package.Source is { } source ? [source, .. repositories.Where(r => r != source)] : repositories;
        foreach (var repository in repositoriesToTry)
        {
            if (await FetchAsync(identity, repository, cancellationToken) is { } nupkg)
            {
                return nupkg;
            }
        }

        throw new PluginPackageException($"Package {identity} could not be downloaded from {string.Join(", ", Sources)}.");
    }

    /// <inheritdoc />
    public void Dispose() => cache.Dispose();
}
