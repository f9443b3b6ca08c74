using Docker.DotNet.Models;

namespace OpenWhisk.Plugins.Docker;

/// <summary>Decides whether a container's json-file log can be read directly.</summary>
internal static class ContainerLogFile
{
    /// <summary>
    /// Returns the file the container's proxy writes the action's log lines to when it has one
    /// (<see cref="ContainerLogTransport"/>); else the container's json-file log when <paramref name="source"/> allows
    /// reading it directly, the engine writes one, and this process can open it; otherwise <see langword="null"/>. A
    /// rotating engine log (<c>max-size</c>) is followed across files by <see cref="JsonLogFileReader"/>.
    /// </summary>
    /// <param name="socket">The container's socket directory, if it has one.</param>
    /// <param name="inspect">The started container.</param>
    /// <param name="source">The configured source.</param>
    /// <returns>The file, or <see langword="null"/> to follow the log through the Engine API.</returns>
    public static LogFileToRead? Readable(ProxySocket? socket, ContainerInspectResponse inspect, DockerLogSource source)
    {
        if (socket?.LogFile is { } proxyLog)
        {
            return new LogFileToRead(proxyLog, WrittenByProxy: true);
        }

        if (source != DockerLogSource.Auto
            || string.IsNullOrEmpty(inspect.LogPath)
            || inspect.HostConfig?.LogConfig is not { Type: "json-file" })
        {
            return null;
        }

        try
        {
            using var probe = new FileStream(inspect.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 1);
            return new LogFileToRead(inspect.LogPath, WrittenByProxy: false);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
