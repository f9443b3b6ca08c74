namespace OpenWhisk.Plugins.Docker;

/// <summary>How the platform reaches the action proxy in a container (<c>Docker:Transport</c>).</summary>
public enum ContainerTransport
{
    /// <summary>
    /// A Unix socket in a directory mounted into the container when the engine is on this host and the image
    /// announces that its proxy serves one (the project's runtimes do); TCP on a published port otherwise.
    /// </summary>
    Auto,

    /// <summary>Always TCP: port 8080 published on <see cref="DockerOptions.HostAddress"/>, or the container's own IP address.</summary>
    Tcp,

    /// <summary>
    /// The Unix socket for every runtime image: creating a container of a runtime image that does not announce one
    /// fails, and the factory refuses a remote engine. Blackbox images still use TCP.
    /// </summary>
    Unix,
}
