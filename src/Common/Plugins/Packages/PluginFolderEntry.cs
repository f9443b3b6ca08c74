namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>One folder of the plugins folder, as <c>plugins list</c> shows it.</summary>
/// <param name="Name">The folder's name: the plugin's name for <c>plugins remove</c>.</param>
/// <param name="Path">The folder.</param>
/// <param name="Package">The package it was installed from, or <see langword="null"/> for a folder copied in by hand or shipped with the host.</param>
public sealed record PluginFolderEntry(string Name, string Path, InstalledPlugin? Package);
