namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>What the host did at startup with one entry of <c>Plugins:Packages</c>.</summary>
/// <param name="Entry">The entry, <c>id</c> or <c>id@version</c>.</param>
/// <param name="Installed">What was installed, or <see langword="null"/> when the installed package was kept.</param>
internal sealed record PluginStartupInstall(string Entry, InstalledPlugin? Installed);
