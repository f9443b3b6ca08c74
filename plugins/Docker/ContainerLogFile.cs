using Docker.DotNet.Models;

namespace OpenWhisk.Plugins.Docker;

/// <summary>Decides whether a container's json-file log can be read directly.</summary>
internal static class ContainerLogFile
{
    /// <summary>
    /// Returns the path of the container's json-file log when <paramref name="source"/> allows reading it directly,
    /// the engine writes one, and this process can open it; otherwise <see langword="null"/>. A rotating log
    /// (<c>max-size</c>) is followed across files by <see cref="JsonLogFileReader"/>.
    /// </summary>
    /// <param name="inspect">The started container.</param>
    /// <param name="source">The configured source.</param>
    /// <returns>The path, or <see langword="null"/> to follow the log through the Engine API.</returns>
    public static string? Readable(ContainerInspectResponse inspect, DockerLogSource source)
    {
        if (source != DockerLogSource.Auto
            || string.IsNullOrEmpty(inspect.LogPath)
            || inspect.HostConfig?.LogConfig is not { Type: "json-file" })
        {
            return null;
        }

        try
        {
            using var probe = new FileStream(inspect.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return inspect.LogPath;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
