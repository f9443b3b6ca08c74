using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// The files that hold the SQLite store's journal of accepted activations: one JSON line per note, appended to a
/// segment of its own per writer and <see cref="Window"/> (named by the window's start, so names sort by time). A note
/// is one <c>write</c> to the file: durable against the process being killed as soon as it returns (as SQLite's WAL
/// with <c>synchronous = NORMAL</c> is), with no transaction, no commit to wait for and no row to delete when the
/// record comes: whether a note still counts is decided when its segment is read, by looking its record up. A line
/// torn by a crash has no newline and is skipped; its write never returned, so its activation was never answered.
/// </summary>
internal sealed class AcceptedActivationLog : IDisposable
{
    /// <summary>How long one writer appends to one segment.</summary>
    public static readonly TimeSpan Window = TimeSpan.FromSeconds(10);

    /// <summary>How long after its window a segment is taken as closed (no writer appends to it any more).</summary>
    public static readonly TimeSpan Grace = TimeSpan.FromSeconds(30);

    private const string Extension = ".log";
    private const string TemporaryExtension = ".tmp";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? lineBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? lineWriter;

    private readonly string directory;
    private readonly TimeProvider timeProvider;
    private readonly string writerId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private readonly Lock gate = new();
    private FileStream? segment;
    private long segmentWindow = -1;
    private bool lineTorn;

    public AcceptedActivationLog(string directory, TimeProvider timeProvider)
    {
        this.directory = directory;
        this.timeProvider = timeProvider;
    }

    /// <summary>Appends <paramref name="note"/>; it is durable against a crash of this process when this returns.</summary>
    /// <exception cref="StoreUnavailableException">The file cannot be written.</exception>
    /// <exception cref="DocumentRefusedException">The note holds what JSON text cannot.</exception>
    public void Append(JournalNote note)
    {
        var line = Serialize(note);
        lock (gate)
        {
            try
            {
                var window = WindowOf(timeProvider.GetUtcNow());
                if (segment is null || window != segmentWindow)
                {
                    segment?.Dispose();
                    segment = null;
                    segment = OpenSegment(window);
                    segmentWindow = window;
                }

                if (lineTorn)
                {
                    // A failed write may have left part of a line: end it, so that it spoils no other.
                    segment.Write("\n"u8);
                    lineTorn = false;
                }

                segment.Write(line);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                lineTorn = true;
                segment?.Dispose();
                segment = null;
                throw new StoreUnavailableException("The journal of accepted activations cannot be written: " + exception.Message, exception);
            }
        }
    }

    /// <summary>Reads every segment, oldest first; a segment removed meanwhile is left out.</summary>
    /// <exception cref="StoreUnavailableException">The folder cannot be read.</exception>
    public IReadOnlyList<JournalSegment> ReadSegments()
    {
        var closedBefore = WindowOf(timeProvider.GetUtcNow() - Window - Grace);
        var segments = new List<JournalSegment>();
        try
        {
            if (!Directory.Exists(directory))
            {
                return segments;
            }

            foreach (var path in Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal))
            {
                if (StartOf(path) is { } window && ReadNotes(path) is { } notes)
                {
                    segments.Add(new JournalSegment(path, notes, window < closedBefore));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException("The journal of accepted activations cannot be read: " + exception.Message, exception);
        }

        return segments;
    }

    /// <summary>Replaces a closed segment by the notes of it that still count, or removes it when none does.</summary>
    /// <param name="path">The segment.</param>
    /// <param name="kept">The notes that still count.</param>
    public void Keep(string path, IReadOnlyList<JournalNote> kept)
    {
        if (kept.Count == 0)
        {
            File.Delete(path);
            return;
        }

        // Written beside it and moved over it: a crash leaves either the old segment or the new one, never half.
        var temporary = path + "." + writerId + TemporaryExtension;
        using (var rewritten = new FileStream(temporary, WriteOptions(FileMode.Create)))
        {
            foreach (var note in kept)
            {
                rewritten.Write(Serialize(note));
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Removes rewrites that a crash left half written.</summary>
    public void RemoveAbandonedRewrites()
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var abandoned = timeProvider.GetUtcNow() - Grace;
        foreach (var path in Directory.EnumerateFiles(directory, "*" + TemporaryExtension))
        {
            if (File.GetLastWriteTimeUtc(path) < abandoned.UtcDateTime)
            {
                File.Delete(path);
            }
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            segment?.Dispose();
            segment = null;
        }
    }

    /// <summary>Unbuffered writes (each is one system call) to a file only its owner can read.</summary>
    private static FileStreamOptions WriteOptions(FileMode mode)
    {
        var options = new FileStreamOptions { Mode = mode, Access = FileAccess.Write, Share = FileShare.ReadWrite | FileShare.Delete, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        return options;
    }

    private static long WindowOf(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        var window = (long)Window.TotalMilliseconds;
        return milliseconds - (milliseconds % window);
    }

    private static long? StartOf(string path)
    {
        var name = System.IO.Path.GetFileNameWithoutExtension(path);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    private static List<JournalNote>? ReadNotes(string path)
    {
        byte[] content;
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            content = new byte[file.Length];
            file.ReadExactly(content);
        }
        catch (Exception exception) when (exception is FileNotFoundException or EndOfStreamException)
        {
            // Removed or rewritten by another sweep meanwhile.
            return null;
        }

        var notes = new List<JournalNote>();
        var rest = content.AsSpan();
        for (var end = rest.IndexOf((byte)'\n'); end >= 0; end = rest.IndexOf((byte)'\n'))
        {
            var line = rest[..end];
            rest = rest[(end + 1)..];
            if (line.IsEmpty)
            {
                continue;
            }

            try
            {
                if (JsonSerializer.Deserialize<JournalNote>(line, OpenWhiskJson.Options) is { Fallback: not null } note)
                {
                    notes.Add(note);
                }
            }
            catch (JsonException)
            {
                // The rest of a line torn by a failed write; its writer got an error, its activation no answer.
            }
        }

        return notes;
    }

    private static ReadOnlySpan<byte> Serialize(JournalNote note)
    {
        var buffer = lineBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = lineWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        try
        {
            JsonSerializer.Serialize(writer, note, OpenWhiskJson.Options);
            writer.Flush();
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or ArgumentException)
        {
            throw new DocumentRefusedException("The accepted activation cannot be written as JSON: " + exception.Message, exception);
        }

        buffer.Write("\n"u8);
        return buffer.WrittenSpan;
    }

    private FileStream OpenSegment(long window)
    {
        if (!Directory.Exists(directory))
        {
            if (OperatingSystem.IsWindows())
            {
                Directory.CreateDirectory(directory);
            }
            else
            {
                Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }
        }

        var path = System.IO.Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{window:D13}-{writerId}{Extension}"));
        return new FileStream(path, WriteOptions(FileMode.Append));
    }
}
