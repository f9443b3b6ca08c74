using System.Text;
using System.Text.Json;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Reads a container's log straight from the engine's <c>json-file</c> log (one JSON object per line:
/// <c>{"log":"…\n","stream":"stdout","time":"…"}</c>), the way OpenWhisk's invoker does, instead of having the
/// engine stream it: the file is looked at only while an activation waits for lines, so it costs the engine
/// nothing and the invoker a read per look. Entries the engine split (lines over 16 KiB) are joined again.
/// </summary>
internal sealed class JsonLogFileReader(string path, ActivationLogLines lines, TimeProvider timeProvider)
{
    /// <summary>How long to wait before looking again when a reader waits and the file had nothing new.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    private static readonly byte[] LogProperty = "log"u8.ToArray();
    private static readonly byte[] StreamProperty = "stream"u8.ToArray();
    private static readonly byte[] TimeProperty = "time"u8.ToArray();

    private readonly StringBuilder[] partial = [new(), new()];
    private readonly string?[] partialTime = [null, null];
    private byte[] pending = new byte[64 * 1024];
    private int pendingLength;

    /// <summary>Feeds <see cref="ActivationLogLines"/> from the file until cancelled.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes when reading stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await using var file = new FileStream(path, new FileStreamOptions
            {
                Mode = FileMode.Open,
                Access = FileAccess.Read,
                Share = FileShare.ReadWrite | FileShare.Delete,
                BufferSize = 0,
            });
            while (!cancellationToken.IsCancellationRequested)
            {
                await lines.ReaderWaitsAsync().WaitAsync(cancellationToken);
                if (!ReadNew(file))
                {
                    await Task.Delay(PollInterval, timeProvider, cancellationToken);
                }
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            // Stopped, or the file went away with its container: readers see the end of the stream.
        }
        finally
        {
            lines.End();
        }
    }

    /// <summary>Reads what the engine appended since the last look; false when there was nothing.</summary>
    private bool ReadNew(FileStream file)
    {
        var any = false;
        while (true)
        {
            if (pendingLength == pending.Length)
            {
                Array.Resize(ref pending, pending.Length * 2);
            }

            // A read of the page cache: cheaper done at once than handed to another thread.
            var read = file.Read(pending, pendingLength, pending.Length - pendingLength);
            if (read == 0)
            {
                return any;
            }

            any = true;
            pendingLength += read;
            var consumed = 0;
            int newline;
            while ((newline = Array.IndexOf(pending, (byte)'\n', consumed, pendingLength - consumed)) >= 0)
            {
                Parse(pending.AsSpan(consumed, newline - consumed));
                consumed = newline + 1;
            }

            Array.Copy(pending, consumed, pending, 0, pendingLength - consumed);
            pendingLength -= consumed;
        }
    }

    private void Parse(ReadOnlySpan<byte> entry)
    {
        string? log = null, stream = null, time = null;
        var reader = new Utf8JsonReader(entry);
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.PropertyName || reader.CurrentDepth != 1)
                {
                    continue;
                }

                var property = reader.ValueSpan;
                reader.Read();
                if (property.SequenceEqual(LogProperty))
                {
                    log = reader.GetString();
                }
                else if (property.SequenceEqual(StreamProperty))
                {
                    stream = reader.GetString();
                }
                else if (property.SequenceEqual(TimeProperty))
                {
                    time = reader.GetString();
                }
            }
        }
        catch (JsonException)
        {
            return;
        }

        if (log is null)
        {
            return;
        }

        var index = stream == "stderr" ? ActivationLogLines.Stderr : ActivationLogLines.Stdout;
        partialTime[index] ??= time ?? string.Empty;
        if (!log.EndsWith('\n'))
        {
            // The engine split a long line; the rest follows in the next entries of this stream.
            partial[index].Append(log);
            return;
        }

        var text = partial[index].Length == 0 ? log[..^1] : partial[index].Append(log.AsSpan(0, log.Length - 1)).ToString();
        partial[index].Clear();
        var name = index == ActivationLogLines.Stderr ? "stderr" : "stdout";
        lines.Append(index, new ContainerLogLine(partialTime[index]!, name, text));
        partialTime[index] = null;
    }
}
