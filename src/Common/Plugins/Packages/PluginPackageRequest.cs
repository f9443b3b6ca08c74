using NuGet.Versioning;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>A package to install as a plugin: its id and, optionally, the exact version (<c>id@version</c>).</summary>
/// <param name="Id">The package id.</param>
/// <param name="Version">The version, or <see langword="null"/> for the newest stable one the sources hold.</param>
public sealed record PluginPackageRequest(string Id, NuGetVersion? Version)
{
    /// <summary>Parses <c>id</c> or <c>id@version</c>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The request.</returns>
    /// <exception cref="PluginPackageException">The text is not a package id with an optional version.</exception>
    public static PluginPackageRequest Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var at = text.IndexOf('@', StringComparison.Ordinal);
        var id = (at < 0 ? text : text[..at]).Trim();
        if (!NuGet.Packaging.PackageIdValidator.IsValidPackageId(id))
        {
            throw new PluginPackageException($"'{text}' is not a package id (expected <package-id> or <package-id>@<version>).");
        }

        if (at < 0)
        {
            return new PluginPackageRequest(id, null);
        }

        return NuGetVersion.TryParse(text[(at + 1)..].Trim(), out var version)
            ? new PluginPackageRequest(id, version)
            : throw new PluginPackageException($"'{text[(at + 1)..]}' is not a package version.");
    }

    /// <inheritdoc />
    public override string ToString() => Version is null ? Id : $"{Id}@{Version}";
}
