namespace OpenWhisk.Plugins.Docker;

/// <summary>A container's log file in the engine's json-file format that this process reads directly.</summary>
/// <param name="Path">The file on the host.</param>
/// <param name="FreeRead">
/// Whether the reader frees the disk space of what it has read (the proxy's own file, which nothing rotates); the
/// engine's file is rotated by the engine instead.
/// </param>
internal sealed record LogFileToRead(string Path, bool FreeRead);
