using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// The file named by <c>__OW_LOG_FILE</c>, in the platform's mounted directory: what the action writes through
/// <see cref="Console.Out"/> and <see cref="Console.Error"/> is appended to it as the engine's json-file entries
/// (<c>{"log", "stream", "time"}</c>), one write per call, so a line is in the file when the call returns and the
/// sentinels are there before the reply to <c>/run</c>. Lines longer than 16 KiB are split as the engine splits them.
/// </summary>
internal sealed class ProxyLogFile : IDisposable
{
    /// <summary>The longest entry, as the engine writes them.</summary>
    public const int MaxEntryLength = 16 * 1024;

    private readonly Lock gate = new();
    private readonly FileStream file;
    private readonly StringBuilder[] partial = [new(), new()];
    private readonly ArrayBufferWriter<byte> buffer = new();

    private ProxyLogFile(string path) =>
        file = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite, bufferSize: 0);

    /// <summary>Opens the file <c>__OW_LOG_FILE</c> names and puts the console's writers on it; null when unset.</summary>
    /// <returns>The file, or null.</returns>
    public static ProxyLogFile? FromEnvironment()
    {
        var path = Environment.GetEnvironmentVariable("__OW_LOG_FILE");
        if (string.IsNullOrEmpty(path))
        {
            return null;
        }

        var logFile = new ProxyLogFile(path);
        Console.SetOut(new ProxyLogFileWriter(logFile, 0));
        Console.SetError(new ProxyLogFileWriter(logFile, 1));
        return logFile;
    }

    /// <summary>Appends <paramref name="text"/> to stdout (0) or stderr (1): complete lines now, the rest with the next write.</summary>
    public void Append(int stream, ReadOnlySpan<char> text)
    {
        lock (gate)
        {
            buffer.ResetWrittenCount();
            Entries(stream, text, Now());
            Flush();
        }
    }

    /// <summary>Appends <paramref name="text"/> to both streams in one write (the sentinels).</summary>
    public void AppendToBoth(string text)
    {
        lock (gate)
        {
            buffer.ResetWrittenCount();
            var time = Now();
            Entries(0, text, time);
            Entries(1, text, time);
            Flush();
        }
    }

    public void Dispose() => file.Dispose();

    private static string Now() =>
        TimeProvider.System.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    private void Entries(int stream, ReadOnlySpan<char> text, string time)
    {
        var pending = partial[stream];
        var name = stream == 0 ? "stdout" : "stderr";
        while (!text.IsEmpty)
        {
            var newline = text.IndexOf('\n');
            var room = MaxEntryLength - pending.Length;
            if (newline >= 0 && newline + 1 <= room)
            {
                pending.Append(text[..(newline + 1)]);
                text = text[(newline + 1)..];
            }
            else if (text.Length >= room)
            {
                pending.Append(text[..room]);
                text = text[room..];
            }
            else
            {
                pending.Append(text);
                return;
            }

            Entry(name, pending.ToString(), time);
            pending.Clear();
        }
    }

    private void Entry(string stream, string log, string time)
    {
        using var writer = new Utf8JsonWriter(buffer);
        writer.WriteStartObject();
        writer.WriteString("log", log);
        writer.WriteString("stream", stream);
        writer.WriteString("time", time);
        writer.WriteEndObject();
        writer.Flush();
        buffer.Write("\n"u8);
    }

    private void Flush()
    {
        if (buffer.WrittenCount == 0)
        {
            return;
        }

        try
        {
            file.Write(buffer.WrittenSpan);
        }
        catch (IOException)
        {
            // A full disk loses these lines, as a full pipe to the engine would, and never fails the caller's write.
        }
    }
}
