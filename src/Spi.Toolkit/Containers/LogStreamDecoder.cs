using System.Globalization;
using System.Text;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// Turns the raw bytes of a container's stdout and stderr, in whatever chunks they arrive, into lines for
/// <see cref="ActivationLogLines"/>: UTF-8 decoded per stream (a character split between chunks is kept whole), one
/// line per newline (a line over <see cref="ActivationLogLines.MaxLineLength"/> characters in pieces of that length),
/// each stamped with the time it arrived. Not thread-safe: one reader feeds it.
/// </summary>
/// <param name="lines">Where complete lines go.</param>
/// <param name="timeProvider">The clock of the lines' timestamps.</param>
public sealed class LogStreamDecoder(ActivationLogLines lines, TimeProvider timeProvider)
{
    private readonly StringBuilder[] partial = [new(), new()];
    private readonly Decoder[] decoders = [Encoding.UTF8.GetDecoder(), Encoding.UTF8.GetDecoder()];
    private char[] chars = new char[Encoding.UTF8.GetMaxCharCount(16 * 1024)];

    /// <summary>Decodes one chunk of a stream and hands out the lines it completes.</summary>
    /// <param name="stream"><see cref="ActivationLogLines.Stdout"/> or <see cref="ActivationLogLines.Stderr"/>.</param>
    /// <param name="bytes">The chunk.</param>
    public void Write(int stream, ReadOnlySpan<byte> bytes)
    {
        var needed = Encoding.UTF8.GetMaxCharCount(bytes.Length);
        if (chars.Length < needed)
        {
            chars = new char[needed];
        }

        var count = decoders[stream].GetChars(bytes, chars, flush: false);
        Split(partial[stream], chars.AsSpan(0, count), stream);
    }

    private void Split(StringBuilder pending, ReadOnlySpan<char> text, int stream)
    {
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var room = ActivationLogLines.MaxLineLength - pending.Length;
            if (newline < 0 && text.Length <= room)
            {
                pending.Append(text);
                return;
            }

            if (newline < 0 || newline > room)
            {
                // Longer than a line may be: handed on in pieces, so that memory stays bounded.
                pending.Append(text[..room]);
                text = text[room..];
            }
            else
            {
                pending.Append(text[..newline]);
                text = text[(newline + 1)..];
            }

            var line = pending.ToString();
            pending.Clear();
            var time = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
            lines.Append(stream, new ContainerLogLine(time, stream == ActivationLogLines.Stderr ? "stderr" : "stdout", line));
        }
    }
}
