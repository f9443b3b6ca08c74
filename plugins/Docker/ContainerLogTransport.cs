namespace OpenWhisk.Plugins.Docker;

/// <summary>How an action's log lines travel from its container to the platform (<c>Docker:LogTransport</c>).</summary>
public enum ContainerLogTransport
{
    /// <summary>
    /// A file in the container's socket directory, which the proxy appends the lines to as the engine's json-file
    /// entries and this process reads and frees, when the container is reached over its socket, its image announces
    /// that its proxy writes the file (label <c>net.openwhisk.logs.file</c>; the project's Node.js, Python and .NET
    /// runtimes do), the log store collects logs from containers with the engine's default driver, and
    /// <see cref="DockerOptions.LogSource"/> is <see cref="DockerLogSource.Auto"/>. The engine's log otherwise.
    /// </summary>
    Auto,

    /// <summary>Always the engine's log: the proxy writes to its standard output and error, which the engine carries.</summary>
    Engine,
}
