namespace OpenWhisk.Spi.Toolkit.Tests.Containers;

/// <summary>A request the scripted proxy received.</summary>
/// <param name="Connection">The number of the connection it came on, from 1.</param>
/// <param name="Head">The request line and headers.</param>
/// <param name="Body">The body's bytes.</param>
public sealed record ReceivedProxyRequest(int Connection, string Head, byte[] Body)
{
    /// <summary>The request line, such as <c>POST /run HTTP/1.1</c>.</summary>
    public string RequestLine => Head[..Head.IndexOf("\r\n", StringComparison.Ordinal)];
}
