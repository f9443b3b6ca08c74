using System.Buffers.Text;
using System.Text;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// The parts of an HTTP/1.1 answer's head that the proxy protocol needs: the status, <c>Content-Length</c> (none when
/// the body is chunked, as a chunked answer counts as no answer) and whether the peer closes the connection after it.
/// </summary>
/// <param name="StatusCode">The status.</param>
/// <param name="ContentLength">The declared length, or null.</param>
/// <param name="Close">Whether the connection cannot be used again after this answer.</param>
internal readonly record struct ProxyAnswerHead(int StatusCode, long? ContentLength, bool Close)
{
    /// <summary>Reads a head, from its status line to its empty line.</summary>
    /// <exception cref="IOException">The head is not HTTP/1.x.</exception>
    public static ProxyAnswerHead Parse(ReadOnlySpan<byte> head)
    {
        var lineEnd = head.IndexOf("\r\n"u8);
        var statusLine = head[..lineEnd];
        if (statusLine.Length < 12 || !statusLine.StartsWith("HTTP/1."u8) || statusLine[8] != (byte)' ' || (statusLine.Length > 12 && statusLine[12] != (byte)' ')
            || !Utf8Parser.TryParse(statusLine.Slice(9, 3), out int status, out var consumed) || consumed != 3)
        {
            throw new IOException("the action proxy's answer did not start with an HTTP/1.x status line");
        }

        long? length = null;
        var chunked = false;
        var close = statusLine[7] == (byte)'0';
        var rest = head[(lineEnd + 2)..];
        while ((lineEnd = rest.IndexOf("\r\n"u8)) > 0)
        {
            var line = rest[..lineEnd];
            rest = rest[(lineEnd + 2)..];
            var colon = line.IndexOf((byte)':');
            if (colon <= 0)
            {
                continue;
            }

            var name = line[..colon];
            var value = line[(colon + 1)..].Trim((byte)' ');
            if (name.Length == 14 && Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
            {
                length = Utf8Parser.TryParse(value, out long parsed, out var used) && used == value.Length && parsed >= 0
                    ? parsed
                    : throw new IOException("the action proxy's answer had an invalid Content-Length");
            }
            else if (name.Length == 17 && Ascii.EqualsIgnoreCase(name, "Transfer-Encoding"u8))
            {
                chunked = !Ascii.EqualsIgnoreCase(value, "identity"u8);
            }
            else if (name.Length == 10 && Ascii.EqualsIgnoreCase(name, "Connection"u8))
            {
                close = Ascii.EqualsIgnoreCase(value, "close"u8) || (close && !Ascii.EqualsIgnoreCase(value, "keep-alive"u8));
            }
        }

        return new ProxyAnswerHead(status, chunked ? null : length, close || chunked || length is null);
    }
}
