using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

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

    private const string TemporaryExtension = ".tmp";

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
    private bool disposed;

    public AcceptedActivationLog(string directory, TimeProvider timeProvider)
    {
        this.directory = directory;
        this.timeProvider = timeProvider;
    }

    /// <summary>Appends a note of <paramref name="fallback"/>; it is durable against a crash of this process when this returns.</summary>
    /// <param name="deadline">When it is overdue, in epoch milliseconds.</param>
    /// <param name="controller">The controller that accepted it.</param>
    /// <param name="fallback">The record that ends it if nothing else does.</param>
    /// <exception cref="StoreUnavailableException">The file cannot be written.</exception>
    /// <exception cref="DocumentRefusedException">The note holds what JSON text cannot.</exception>
    public void Append(long deadline, string controller, ActivationRecord fallback)
    {
        var line = Serialize(writer => JournalLine.Write(writer, deadline, controller, fallback));
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            try
            {
                // A write that took so long that its segment may be closed by now (a stalled disk, a paused machine)
                // may have landed after a sweep rewrote or removed it: written again to the segment of now.
                for (var attempt = 1; ; attempt++)
                {
                    WriteLine(line);
                    if (timeProvider.GetUtcNow().ToUnixTimeMilliseconds() < segmentWindow + (long)(Window + Grace).TotalMilliseconds)
                    {
                        break;
                    }

                    if (attempt == 3)
                    {
                        throw new IOException($"Writing a note took longer than {Window + Grace} three times.");
                    }
                }
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

    /// <summary>Replaces a closed segment by the notes of it that still count, or removes it when none does.</summary>
    /// <param name="path">The segment.</param>
    /// <param name="kept">The notes that still count.</param>
    /// <returns>The notes as they are in the segment now, and its length (0 when removed).</returns>
    /// <exception cref="IOException">The segment cannot be rewritten, or no longer holds those notes where they were read.</exception>
    public static (List<JournalNote> Notes, long Length) Keep(string path, IReadOnlyList<JournalNote> kept)
    {
        if (kept.Count == 0)
        {
            File.Delete(path);
            return ([], 0);
        }

        // Their lines copied as they are, beside it, and moved over it: a crash leaves either the old segment or the new one, never half.
        var temporary = path + "." + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6)) + TemporaryExtension;
        var moved = new List<JournalNote>(kept.Count);
        try
        {
            var length = 0L;
            using (var old = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
            using (var rewritten = new BufferedStream(new FileStream(temporary, WriteOptions(FileMode.Create)), 64 * 1024))
            {
                var buffer = new byte[1024];
                foreach (var note in kept)
                {
                    if (JournalSegmentReader.ReadLine(old, note, ref buffer) is not { } line || !JournalLine.TryRead(line.Span, note.Offset, null, out var read) || read!.Key != note.Key)
                    {
                        throw new IOException($"The segment {path} changed while it was being rewritten.");
                    }

                    moved.Add(note with { Offset = length });
                    rewritten.Write(line.Span);
                    rewritten.Write("\n"u8);
                    length += line.Length + 1;
                }
            }

            File.Move(temporary, path, overwrite: true);
            return (moved, length);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    /// <summary>Makes what was appended so far durable against a power cut too (before the rows it replaces go).</summary>
    public void Flush()
    {
        lock (gate)
        {
            segment?.Flush(flushToDisk: true);
        }
    }

    /// <summary>Removes rewrites that a crash left half written.</summary>
    public void RemoveAbandonedRewrites()
    {
        if (!Directory.Exists(directory))
        {
            return;
        }

        var abandoned = timeProvider.GetUtcNow() - Grace;
        try
        {
            foreach (var path in Directory.EnumerateFiles(directory, "*" + TemporaryExtension))
            {
                if (File.GetLastWriteTimeUtc(path) < abandoned.UtcDateTime)
                {
                    File.Delete(path);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Tried again at the next sweep.
        }
    }

    public void Dispose()
    {
        lock (gate)
        {
            disposed = true;
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
            options.UnixCreateMode = PrivateFolder.OwnerOnlyFile;
        }

        return options;
    }

    /// <summary>The start of the window <paramref name="time"/> falls in, in epoch milliseconds.</summary>
    public static long WindowOf(DateTimeOffset time)
    {
        var milliseconds = time.ToUnixTimeMilliseconds();
        var window = (long)Window.TotalMilliseconds;
        return milliseconds - (milliseconds % window);
    }

    /// <summary>One line in a buffer of this thread's: valid until this thread serializes the next.</summary>
    private static ReadOnlySpan<byte> Serialize(Action<Utf8JsonWriter> write)
    {
        var buffer = lineBuffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        var writer = lineWriter ??= new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder, SkipValidation = true });
        writer.Reset(buffer);
        write(writer);
        writer.Flush();
        buffer.Write("\n"u8);
        return buffer.WrittenSpan;
    }

    /// <summary>Appends one line to the segment of now, opening it first when the window changed.</summary>
    private void WriteLine(ReadOnlySpan<byte> line)
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

    private FileStream OpenSegment(long window)
    {
        PrivateFolder.Ensure(directory);
        var path = System.IO.Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"{window:D13}-{writerId}{JournalSegmentReader.Extension}"));
        return new FileStream(path, WriteOptions(FileMode.Append));
    }
}
