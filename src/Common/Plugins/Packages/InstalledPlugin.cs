using System.Text.Json;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// What <c>plugins add</c> installed into one plugin folder, kept there as <c>plugin-package.json</c> so that
/// <c>plugins list</c> and <c>Plugins:Packages</c> know which package and version a folder came from.
/// </summary>
public sealed record InstalledPlugin
{
    /// <summary>The name of the manifest file in the plugin folder.</summary>
    public const string FileName = "plugin-package.json";

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>Gets the package id.</summary>
    public required string PackageId { get; init; }

    /// <summary>Gets the package version.</summary>
    public required string Version { get; init; }

    /// <summary>Gets the source the package came from.</summary>
    public required string Source { get; init; }

    /// <summary>Gets the packages installed with it (<c>id@version</c>), the plugin's own first.</summary>
    public required IReadOnlyList<string> Packages { get; init; }

    /// <summary>Gets the version range of <c>OpenWhisk.Spi</c> the plugin was built against.</summary>
    public required string Spi { get; init; }

    /// <summary>Gets when it was installed.</summary>
    public required DateTimeOffset InstalledAt { get; init; }

    /// <summary>Reads the manifest of a plugin folder.</summary>
    /// <param name="folder">The plugin folder.</param>
    /// <returns>The manifest, or <see langword="null"/> when the folder was not installed from a package.</returns>
    public static InstalledPlugin? Read(string folder)
    {
        var path = Path.Combine(folder, FileName);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<InstalledPlugin>(File.ReadAllBytes(path), JsonOptions);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Writes the manifest into a plugin folder.</summary>
    /// <param name="folder">The plugin folder.</param>
    public void Write(string folder) => File.WriteAllBytes(Path.Combine(folder, FileName), JsonSerializer.SerializeToUtf8Bytes(this, JsonOptions));
}
