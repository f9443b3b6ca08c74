namespace OpenWhisk.Plugins.Docker;

/// <summary>One container's socket directory on the host and the path of its proxy's socket in it.</summary>
/// <param name="HostDirectory">The directory mounted into the container.</param>
/// <param name="SocketPath">The socket the proxy listens on, seen from the host.</param>
/// <param name="LogFile">The file the proxy appends the action's log lines to, seen from the host, or null when they go to the engine's log.</param>
internal sealed record ProxySocket(string HostDirectory, string SocketPath, string? LogFile);
