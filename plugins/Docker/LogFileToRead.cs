namespace OpenWhisk.Plugins.Docker;

/// <summary>A container's log file in the engine's json-file format that this process reads directly.</summary>
/// <param name="Path">The file on the host.</param>
/// <param name="WrittenByProxy">
/// Whether the action's proxy writes the file itself (<see cref="ContainerLogTransport"/>): nothing rotates it, so
/// the reader frees the disk space of what it has read. The engine rotates its own file.
/// </param>
internal sealed record LogFileToRead(string Path, bool WrittenByProxy);
