namespace OpenWhisk.Spi.Containers;

/// <summary>Where a container's action proxy listens: a TCP address, or a Unix socket on this host.</summary>
/// <param name="Host">The host name or IP address, normally <c>127.0.0.1</c> with a published port.</param>
/// <param name="Port">The TCP port (0 for a Unix socket).</param>
public sealed record ContainerAddress(string Host, int Port)
{
    /// <summary>
    /// Gets the path, on this host, of the Unix socket the proxy listens on instead of a TCP port; null for TCP. HTTP
    /// requests over it carry <see cref="Host"/> in their <c>Host</c> header.
    /// </summary>
    public string? SocketPath { get; init; }

    /// <summary>Returns the address of a proxy that listens on the Unix socket at <paramref name="path"/>.</summary>
    /// <param name="path">The socket's path on this host.</param>
    /// <returns>The address.</returns>
    public static ContainerAddress UnixSocket(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new ContainerAddress("localhost", 0) { SocketPath = path };
    }

    /// <inheritdoc />
    public override string ToString() =>
        SocketPath is { } path ? "unix:" + path : Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
