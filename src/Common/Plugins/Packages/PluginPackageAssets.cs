using NuGet.Packaging.Core;

namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>What one installed package contributed to a plugin folder.</summary>
/// <param name="Package">The package.</param>
/// <param name="Sha512">The package's SHA-512, base64 with the <c>sha512-</c> prefix, as <c>.deps.json</c> records it.</param>
/// <param name="Assemblies">Its assemblies for the host's framework, as paths inside the package (copied flat).</param>
/// <param name="NativeAssets">Its native libraries for Linux, as paths inside the package (copied with that path).</param>
internal sealed record PluginPackageAssets(PackageIdentity Package, string Sha512, IReadOnlyList<string> Assemblies, IReadOnlyList<string> NativeAssets);
