using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The files of the SQLite store's record log (<c>&lt;database&gt;-records</c>): one line per row, a kind letter
/// (<c>R</c> a record, <c>O</c> a fallback record, <c>F</c> a forgotten activation) and its JSON, appended to a segment
/// of this writer's. A row is one <c>write</c>: durable against the process being killed once it returns,
/// as SQLite's WAL with <c>synchronous = NORMAL</c> is. Each segment is held under an exclusive lock while it is
/// written, so that no other process takes a live writer's rows for leftovers: it is created (and locked) under a name
/// that the search for leftovers does not list, and renamed to its own once the lock is held. A segment goes once its
/// rows are committed. A line torn by a crash has no newline and is skipped: its write never returned.
/// </summary>
internal sealed class RecordLogSegments : IDisposable
{
    /// <summary>The extension of a segment's name.</summary>
    public const string Extension = ".log";

    /// <summary>The extension of a segment while it is created, before its writer holds its lock.</summary>
    private const string CreatingExtension = ".new";

    private const int InitialBuffer = 16 * 1024;

    private readonly string directory;
    private readonly TimeProvider timeProvider;
    private readonly string writerId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4));
    private ArrayBufferWriter<byte> buffer = new(InitialBuffer);
    private readonly List<string> closed = [];
    private FileStream? segment;
    private string? segmentPath;
    private int sequence;

    public RecordLogSegments(string directory, TimeProvider timeProvider)
    {
        this.directory = directory;
        this.timeProvider = timeProvider;
    }

    /// <summary>Appends the row's line in one write to the open segment, opening one first if there is none.</summary>
    /// <param name="row">The row.</param>
    /// <exception cref="IOException">The write failed: the segment is closed, and the row does not count.</exception>
    /// <exception cref="UnauthorizedAccessException">The folder or file may not be written.</exception>
    public void Append(PendingActivationRow row)
    {
        buffer.ResetWrittenCount();
        WriteLine(buffer, row);

        segment ??= Open();
        try
        {
            segment.Write(buffer.WrittenSpan);
        }
        catch
        {
            // A part of the line may be in the file: no further line follows it there.
            CloseSegment();
            throw;
        }

        if (buffer.Capacity > 1024 * 1024)
        {
            // One burst of large records keeps no megabytes for the rest of the process's life (Clear would keep
            // them, and zero them at every append).
            buffer = new ArrayBufferWriter<byte>(InitialBuffer);
        }
    }

    /// <summary>Closes the open segment; the segments closed since the last call are returned, their rows to be committed.</summary>
    /// <returns>The paths, oldest first.</returns>
    public IReadOnlyList<string> TakeClosed()
    {
        CloseSegment();
        var taken = closed.ToList();
        closed.Clear();
        return taken;
    }

    /// <summary>Removes segments whose rows are committed.</summary>
    /// <param name="paths">The segments.</param>
    public static void Delete(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            File.Delete(path);
        }
    }

    /// <summary>
    /// The segments that no live writer holds (left by a process that ended before committing them), with their
    /// rows, oldest first. Each is returned open and locked, so that no other process takes it at the same time.
    /// </summary>
    /// <returns>The leftovers; dispose each one's file once its rows are committed and it is deleted.</returns>
    public IReadOnlyList<(FileStream File, List<PendingActivationRow> Rows)> OpenLeftovers()
    {
        if (!Directory.Exists(directory))
        {
            return [];
        }

        RemoveAbandonedCreations();
        var leftovers = new List<(FileStream, List<PendingActivationRow>)>();
        foreach (var path in Directory.GetFiles(directory, "*" + Extension).Where(p => p.EndsWith(Extension, StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            FileStream file;
            try
            {
                file = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException)
            {
                // Locked: a live writer's (or gone since it was listed).
                continue;
            }

            var bytes = new byte[file.Length];
            file.ReadExactly(bytes);
            leftovers.Add((file, ReadRows(bytes)));
        }

        return leftovers;
    }

    /// <summary>The complete lines' rows; a torn last line and lines that cannot be read are skipped.</summary>
    /// <param name="bytes">A segment's content.</param>
    /// <returns>The rows, in order.</returns>
    public static List<PendingActivationRow> ReadRows(ReadOnlySpan<byte> bytes)
    {
        var rows = new List<PendingActivationRow>();
        while (bytes.IndexOf((byte)'\n') is var end and >= 0)
        {
            if (ReadRow(bytes[..end]) is { } row)
            {
                rows.Add(row);
            }

            bytes = bytes[(end + 1)..];
        }

        return rows;
    }

    public void Dispose() => segment?.Dispose();

    /// <summary>A record's (or a fallback's) row.</summary>
    public static PendingActivationRow Row(PendingRowKind kind, ActivationRecord record, byte[] body) => new(
        kind,
        record.Namespace,
        record.ActivationId,
        ActivationPaths.RelativePath(record),
        record.Start,
        body);

    private static void WriteLine(ArrayBufferWriter<byte> buffer, PendingActivationRow row)
    {
        switch (row.Kind)
        {
            case PendingRowKind.Record:
                buffer.Write("R"u8);
                buffer.Write(row.Body);
                break;
            case PendingRowKind.Overdue:
                buffer.Write("O"u8);
                buffer.Write(row.Body);
                break;
            default:
                buffer.Write("F"u8);
                using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder }))
                {
                    writer.WriteStartArray();
                    writer.WriteStringValue(row.Namespace);
                    writer.WriteStringValue(row.ActivationId);
                    writer.WriteNumberValue(row.Start);
                    writer.WriteEndArray();
                }

                break;
        }

        buffer.Write("\n"u8);
    }

    private static PendingActivationRow? ReadRow(ReadOnlySpan<byte> line)
    {
        if (line.Length < 2)
        {
            return null;
        }

        try
        {
            var json = line[1..];
            switch (line[0])
            {
                case (byte)'R':
                case (byte)'O':
                    var record = JsonSerializer.Deserialize<ActivationRecord>(json, OpenWhiskJson.Options);
                    return record is null ? null : Row(line[0] == (byte)'R' ? PendingRowKind.Record : PendingRowKind.Overdue, record, json.ToArray());
                case (byte)'F':
                    var forgotten = JsonSerializer.Deserialize<JsonElement>(json);
                    return new PendingActivationRow(PendingRowKind.Forget, forgotten[0].GetString()!, forgotten[1].GetString()!, string.Empty, forgotten[2].GetInt64(), []);
                default:
                    return null;
            }
        }
        catch (Exception exception) when (exception is JsonException or InvalidOperationException or IndexOutOfRangeException or FormatException)
        {
            return null;
        }
    }

    private void CloseSegment()
    {
        if (segment is null)
        {
            return;
        }

        closed.Add(segmentPath!);
        segment.Dispose();
        segment = null;
        segmentPath = null;
    }

    private FileStream Open()
    {
        PrivateFolder.Ensure(directory);
        // Named by when they were opened, so that leftovers of several writers are committed in about that order.
        var opened = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var name = string.Create(CultureInfo.InvariantCulture, $"{opened:D13}-{writerId}-{sequence++:D8}{Extension}");
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None, BufferSize = 0 };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = PrivateFolder.OwnerOnlyFile;
        }

        // Created and locked under a name that the search for leftovers does not list, then renamed: the lock stays with
        // the open file. (Created under its own name, another store's search could lock it first, between the creation
        // and the lock, and take a live writer's segment for a leftover.)
        var path = System.IO.Path.Combine(directory, name);
        var file = new FileStream(path + CreatingExtension, options);
        try
        {
            File.Move(path + CreatingExtension, path);
        }
        catch
        {
            file.Dispose();
            File.Delete(path + CreatingExtension);
            throw;
        }

        segmentPath = path;
        return file;
    }

    /// <summary>
    /// Removes segments that a writer created but never renamed to their own name (it ended in between): they are empty,
    /// since nothing is written before the rename. Only those older than a minute, unlocked: a younger one may be a
    /// live writer's, between its creation and its lock.
    /// </summary>
    private void RemoveAbandonedCreations()
    {
        var before = timeProvider.GetUtcNow().UtcDateTime - TimeSpan.FromMinutes(1);
        foreach (var path in Directory.GetFiles(directory, "*" + CreatingExtension))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(path) < before)
                {
                    using (new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None))
                    {
                        File.Delete(path);
                    }
                }
            }
            catch (IOException)
            {
                // Locked or gone since it was listed.
            }
        }
    }
}
