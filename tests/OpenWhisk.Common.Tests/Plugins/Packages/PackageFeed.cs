using NuGet.Configuration;
using NuGet.Frameworks;
using NuGet.Packaging;
using NuGet.Packaging.Core;
using NuGet.Versioning;

namespace OpenWhisk.Common.Tests.Plugins.Packages;

/// <summary>A folder of .nupkg files made by the test with NuGet's own package builder: a local NuGet feed.</summary>
public sealed class PackageFeed : IDisposable
{
    public PackageFeed() => Directory.CreateDirectory(Path);

    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ow-feed-" + Guid.NewGuid().ToString("N"));

    /// <summary>Packs the given assemblies (lib/net10.0) with the given dependencies.</summary>
    public PackageFeed Add(string id, string version, IEnumerable<string> assemblies, params PackageDependency[] dependencies) =>
        Add(id, version, assemblies, [], dependencies);

    /// <summary>Packs the given assemblies (lib/net10.0) and other files (at their path in the package) with the given dependencies.</summary>
    public PackageFeed Add(string id, string version, IEnumerable<string> assemblies, IEnumerable<(string PackagePath, string SourcePath)> files, params PackageDependency[] dependencies)
    {
        var builder = new PackageBuilder
        {
            Id = id,
            Version = NuGetVersion.Parse(version),
            Description = "A test package.",
        };
        builder.Authors.Add("tests");
        builder.DependencyGroups.Add(new PackageDependencyGroup(NuGetFramework.Parse("net10.0"), dependencies));
        foreach (var assembly in assemblies)
        {
            builder.Files.Add(new PhysicalPackageFile { SourcePath = assembly, TargetPath = "lib/net10.0/" + System.IO.Path.GetFileName(assembly) });
        }

        foreach (var (packagePath, sourcePath) in files)
        {
            builder.Files.Add(new PhysicalPackageFile { SourcePath = sourcePath, TargetPath = packagePath });
        }

        using var output = File.Create(System.IO.Path.Combine(Path, $"{id}.{version}.nupkg"));
        builder.Save(output);
        return this;
    }

    /// <summary>Copies a package from the machine's global packages folder (where the build restored it).</summary>
    public PackageFeed AddFromGlobalPackages(string id, string version)
    {
        var global = SettingsUtility.GetGlobalPackagesFolder(Settings.LoadDefaultSettings(root: null));
        var lower = id.ToLowerInvariant();
        File.Copy(System.IO.Path.Combine(global, lower, version, $"{lower}.{version}.nupkg"), System.IO.Path.Combine(Path, $"{lower}.{version}.nupkg"));
        return this;
    }

    /// <summary>The host's SPI, referenced for compiling only, as the plugin template references it.</summary>
    public static PackageDependency Spi(string range = "0.1.0") =>
        new("OpenWhisk.Spi", VersionRange.Parse(range), include: [], exclude: ["Runtime", "Build", "Analyzers"]);

    public static PackageDependency On(string id, string range) => new(id, VersionRange.Parse(range));

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
