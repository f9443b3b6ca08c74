using System.Text;
using System.Text.Json;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Reads a container's log straight from the engine's <c>json-file</c> log (one JSON object per line:
/// <c>{"log":"…\n","stream":"stdout","time":"…"}</c>), the way OpenWhisk's invoker does, instead of having the
/// engine stream it: the file is looked at only while an activation waits for lines, so it costs the engine
/// nothing and the invoker a read per look. Entries the engine split (lines over 16 KiB) are joined again, and a
/// rotated file (<c>max-size</c>) is followed into its successor. The same format written by the action's proxy itself
/// (<see cref="ContainerLogTransport"/>) is read with <paramref name="freeRead"/>: nothing rotates that file, so the
/// reader gives back the disk space of what it has read and bounds what it holds (<see cref="ProxyLogFileSpace"/>).
/// </summary>
internal sealed class JsonLogFileReader(string path, ActivationLogLines lines, TimeProvider timeProvider, bool freeRead = false)
{
    /// <summary>How long to wait before looking again when a reader waits and the file had nothing new.</summary>
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>
    /// How long the file stays quiet before the reader asks whether the engine rotated it, and how often it asks then:
    /// asking costs two file-system look-ups, and a reader waiting for a warm activation's last lines looks every
    /// millisecond. Lines written after a rotation come this much later, once per <c>max-size</c> of log.
    /// </summary>
    public static readonly TimeSpan RotationLookInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>How often the reader looks at a proxy's file's size while no activation waits for lines.</summary>
    public static readonly TimeSpan WatchInterval = TimeSpan.FromMilliseconds(250);

    private static readonly byte[] LogProperty = "log"u8.ToArray();
    private static readonly byte[] StreamProperty = "stream"u8.ToArray();
    private static readonly byte[] TimeProperty = "time"u8.ToArray();
    private static readonly byte[] StderrValue = "stderr"u8.ToArray();

    private readonly StringBuilder[] partial = [new(), new()];
    private readonly string?[] partialTime = [null, null];
    private byte[] pending = new byte[64 * 1024];
    private char[] unescaped = new char[1024];
    private int pendingLength;
    private readonly ProxyLogFileSpace space = new();

    /// <summary>Feeds <see cref="ActivationLogLines"/> from the file until cancelled.</summary>
    /// <param name="cancellationToken">Stops reading.</param>
    /// <returns>A task that completes when reading stopped.</returns>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        FileStream? file = null;
        var older = new Queue<FileStream>();
        try
        {
            OpenRotated(older);
            file = Open(path, freeRead);
            var quietSince = timeProvider.GetTimestamp();
            while (!cancellationToken.IsCancellationRequested)
            {
                if (!await ReaderWaitsAsync(cancellationToken))
                {
                    // Nobody waits for lines: only keep the proxy's file within its bound.
                    BoundUnread(file);
                    continue;
                }

                if (freeRead)
                {
                    BoundUnread(file);
                }

                if (older.TryPeek(out var oldest))
                {
                    // Files the engine rotated before the first look come first; they no longer grow.
                    if (!ReadNew(oldest))
                    {
                        await older.Dequeue().DisposeAsync();
                        pendingLength = 0;
                    }

                    continue;
                }

                if (ReadNew(file))
                {
                    quietSince = timeProvider.GetTimestamp();
                    continue;
                }

                if (timeProvider.GetElapsedTime(quietSince) < RotationLookInterval)
                {
                    await Task.Delay(PollInterval, timeProvider, cancellationToken);
                    continue;
                }

                quietSince = timeProvider.GetTimestamp();
                if (Rotated(file))
                {
                    // Whatever the engine wrote before it rotated is in the old file: take it, then follow the new one.
                    ReadNew(file);
                    await file.DisposeAsync();
                    file = null;
                    file = Open(path, freeRead);
                    pendingLength = 0;
                    space.Reset();
                    continue;
                }

                await Task.Delay(PollInterval, timeProvider, cancellationToken);
            }
        }
        catch (Exception exception) when (exception is OperationCanceledException or IOException or UnauthorizedAccessException)
        {
            // Stopped, or the file went away with its container: readers see the end of the stream.
        }
        finally
        {
            if (file is not null)
            {
                await file.DisposeAsync();
            }

            while (older.TryDequeue(out var rotated))
            {
                await rotated.DisposeAsync();
            }

            lines.End();
        }
    }

    /// <summary>
    /// Waits until an activation waits for lines: true then; false after <see cref="WatchInterval"/> without one, for
    /// a proxy's file, whose size is watched meanwhile.
    /// </summary>
    private async Task<bool> ReaderWaitsAsync(CancellationToken cancellationToken)
    {
        var waits = lines.ReaderWaitsAsync();
        if (!freeRead || waits.IsCompleted)
        {
            await waits.WaitAsync(cancellationToken);
            return true;
        }

        try
        {
            await waits.WaitAsync(WatchInterval, timeProvider, cancellationToken);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Empties a proxy's file when it holds more than <see cref="ProxyLogFileSpace.MaxUnreadBytes"/> not yet freed, and
    /// puts a notice in the place of the lines lost.
    /// </summary>
    private void BoundUnread(FileStream file)
    {
        if (!space.EmptyIfOverBound(file, parsed: file.Position - pendingLength, out var linesLost))
        {
            return;
        }

        pendingLength = 0;
        for (var stream = 0; stream < partial.Length; stream++)
        {
            partial[stream].Clear();
            partialTime[stream] = null;
        }

        if (linesLost)
        {
            var time = timeProvider.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);
            lines.Append(ActivationLogLines.Stderr, new ContainerLogLine(time, "stderr", ProxyLogFileSpace.DroppedNotice));
        }
    }

    /// <summary>
    /// Opens the files the engine already rotated (<c>&lt;path&gt;.N</c> … <c>&lt;path&gt;.1</c>, oldest first), for a
    /// container whose log rotated before it was first read; compressed ones (<c>compress=true</c>) are skipped.
    /// </summary>
    private void OpenRotated(Queue<FileStream> older)
    {
        var count = 0;
        while (File.Exists(path + "." + (count + 1).ToString(System.Globalization.CultureInfo.InvariantCulture)))
        {
            count++;
        }

        for (var n = count; n >= 1; n--)
        {
            try
            {
                older.Enqueue(Open(path + "." + n.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            }
            catch (IOException)
            {
                // Removed by a rotation since it was seen: its lines are gone.
            }
        }
    }

    private static FileStream Open(string path, bool forFreeing = false) => new(path, new FileStreamOptions
    {
        Mode = FileMode.Open,
        Access = forFreeing ? FileAccess.ReadWrite : FileAccess.Read,
        Share = FileShare.ReadWrite | FileShare.Delete,
        BufferSize = 0,
    });

    /// <summary>
    /// Whether the engine rotated the log (its <c>max-size</c>): it renames the file and starts a new one under the
    /// same path, or, keeping a single file, truncates it. Asked only when the open file had nothing new for
    /// <see cref="RotationLookInterval"/>.
    /// </summary>
    private bool Rotated(FileStream file)
    {
        var current = new FileInfo(path);
        if (!current.Exists)
        {
            // Between the rename and the new file, or the container is gone: look again later.
            return false;
        }

        if (current.Length < file.Position)
        {
            return true;
        }

        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        // The open descriptor names the file it reads; after a rename that is no longer this path.
        var descriptor = file.SafeFileHandle.DangerousGetHandle().ToInt64();
        var target = new FileInfo("/proc/self/fd/" + descriptor.ToString(System.Globalization.CultureInfo.InvariantCulture)).LinkTarget;
        return target is not null && !string.Equals(target, current.FullName, StringComparison.Ordinal);
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
                if (any && freeRead)
                {
                    space.FreeRead(file, parsed: file.Position - pendingLength);
                }

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
        // The log value is unescaped into a buffer this reader keeps, so a line costs one string (and its time), not three;
        // a sentinel line costs none: its text is the protocol's constant and its time is never read.
        string? time = null;
        ReadOnlySpan<byte> plainTime = default;
        var stderr = false;
        var logLength = -1;
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
                    logLength = reader.TokenType == JsonTokenType.String ? Unescape(ref reader) : -1;
                }
                else if (property.SequenceEqual(StreamProperty))
                {
                    stderr = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(StderrValue);
                }
                else if (property.SequenceEqual(TimeProperty))
                {
                    if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped)
                    {
                        plainTime = reader.ValueSpan;
                    }
                    else
                    {
                        time = reader.GetString();
                    }
                }
            }
        }
        catch (JsonException)
        {
            return;
        }

        if (logLength < 0)
        {
            return;
        }

        var log = unescaped.AsSpan(0, logLength);
        var index = stderr ? ActivationLogLines.Stderr : ActivationLogLines.Stdout;
        if (partial[index].Length == 0 && partialTime[index] is null && log.Length == ActionProxyProtocol.LogSentinel.Length + 1 && log[^1] == '\n'
            && log[..^1].SequenceEqual(ActionProxyProtocol.LogSentinel))
        {
            partialTime[index] = string.Empty;
            Emit(index, ActionProxyProtocol.LogSentinel);
            return;
        }

        partialTime[index] ??= time ?? (plainTime.IsEmpty ? string.Empty : Encoding.UTF8.GetString(plainTime));
        if (log.IsEmpty || log[^1] != '\n')
        {
            // The engine split a long line; the rest follows in the next entries of this stream. A line longer than a
            // line may be is handed on in pieces (the engine's entries are 16 KiB at most), so memory stays bounded.
            partial[index].Append(log);
            if (partial[index].Length >= ActivationLogLines.MaxLineLength)
            {
                Emit(index, partial[index].ToString());
                partial[index].Clear();
            }

            return;
        }

        var text = partial[index].Length == 0 ? new string(log[..^1]) : partial[index].Append(log[..^1]).ToString();
        partial[index].Clear();
        Emit(index, text);
    }

    /// <summary>Unescapes the string value the reader is on into <see cref="unescaped"/>; returns its length in characters.</summary>
    private int Unescape(ref Utf8JsonReader reader)
    {
        // A value of n UTF-8 bytes (escaped or not) unescapes to at most n UTF-16 characters.
        if (unescaped.Length < reader.ValueSpan.Length)
        {
            unescaped = new char[Math.Max(reader.ValueSpan.Length, unescaped.Length * 2)];
        }

        return reader.CopyString(unescaped);
    }

    private void Emit(int index, string text)
    {
        var name = index == ActivationLogLines.Stderr ? "stderr" : "stdout";
        lines.Append(index, new ContainerLogLine(partialTime[index]!, name, text));
        partialTime[index] = null;
    }
}
