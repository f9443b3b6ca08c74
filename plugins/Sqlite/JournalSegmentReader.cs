using System.Globalization;
using System.Runtime.CompilerServices;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// Reads the journal's segment files and remembers what it parsed: a segment only grows while it is written (lines are
/// appended) and only shrinks when a sweep rewrites it, so a read parses just the lines added since the last one, and
/// a file shorter than what was parsed is parsed again. Not thread-safe: one sweep at a time.
/// </summary>
internal sealed class JournalSegmentReader(string directory, TimeProvider timeProvider)
{
    /// <summary>The extension of segment files.</summary>
    public const string Extension = ".log";

    private readonly Dictionary<string, ParsedSegment> parsed = new(StringComparer.Ordinal);

    /// <summary>Reads every segment, oldest first; a segment removed meanwhile is left out.</summary>
    /// <exception cref="StoreUnavailableException">The folder or a file cannot be read.</exception>
    public IReadOnlyList<JournalSegment> Read()
    {
        var closedBefore = AcceptedActivationLog.WindowOf(timeProvider.GetUtcNow() - AcceptedActivationLog.Window - AcceptedActivationLog.Grace);
        var segments = new List<JournalSegment>();
        try
        {
            var paths = Directory.Exists(directory)
                ? Directory.EnumerateFiles(directory, "*" + Extension).Order(StringComparer.Ordinal).ToList()
                : [];
            foreach (var gone in parsed.Keys.Except(paths).ToList())
            {
                parsed.Remove(gone);
            }

            foreach (var path in paths)
            {
                if (WindowStartOf(path) is { } window && Parse(path) is { } notes)
                {
                    segments.Add(new JournalSegment(path, window, notes, window < closedBefore));
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException("The journal of accepted activations cannot be read: " + exception.Message, exception);
        }

        return segments;
    }

    /// <summary>Remembers that <paramref name="path"/> now holds <paramref name="notes"/> alone, <paramref name="length"/> bytes.</summary>
    public void Replaced(string path, IReadOnlyList<JournalNote> notes, long length)
    {
        if (notes.Count == 0)
        {
            parsed.Remove(path);
            return;
        }

        parsed[path] = new ParsedSegment { Offset = length, Notes = [.. notes] };
    }

    /// <summary>The start of the window a segment's name says, in epoch milliseconds; null for a stray file.</summary>
    private static long? WindowStartOf(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var dash = name.IndexOf('-', StringComparison.Ordinal);
        return dash > 0 && long.TryParse(name.AsSpan(0, dash), NumberStyles.None, CultureInfo.InvariantCulture, out var start) ? start : null;
    }

    private List<JournalNote>? Parse(string path)
    {
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var length = file.Length;
            if (!parsed.TryGetValue(path, out var segment) || length < segment.Offset)
            {
                // New, or rewritten by a sweep (shorter): from the start.
                segment = new ParsedSegment();
                parsed[path] = segment;
            }

            if (length > segment.Offset)
            {
                var added = new byte[length - segment.Offset];
                file.Position = segment.Offset;
                file.ReadExactly(added);
                segment.Offset += ParseLines(added, segment.Offset, segment.Notes);
            }

            return segment.Notes;
        }
        catch (Exception exception) when (exception is FileNotFoundException or EndOfStreamException)
        {
            // Removed, or rewritten shorter, by another sweep meanwhile: read at the next one.
            parsed.Remove(path);
            return null;
        }
    }

    /// <summary>Reads the line of <paramref name="note"/> from <paramref name="segment"/>; null when the file is shorter now.</summary>
    /// <param name="segment">The segment file, open for reading.</param>
    /// <param name="note">The note.</param>
    /// <param name="buffer">A buffer to read into, grown as needed.</param>
    /// <returns>The line (in <paramref name="buffer"/>), or null.</returns>
    public static ReadOnlyMemory<byte>? ReadLine(FileStream segment, JournalNote note, ref byte[] buffer)
    {
        if (note.Offset + note.Length > segment.Length)
        {
            return null;
        }

        if (buffer.Length < note.Length)
        {
            buffer = new byte[Math.Max(note.Length, buffer.Length * 2)];
        }

        segment.Position = note.Offset;
        segment.ReadExactly(buffer, 0, note.Length);
        return buffer.AsMemory(0, note.Length);
    }

    /// <summary>The fallback records of <paramref name="notes"/> of the segment at <paramref name="path"/>; a note whose line is not there any more is left out.</summary>
    public static List<(JournalNote Note, ActivationRecord Fallback)> ReadFallbacks(string path, IEnumerable<JournalNote> notes)
    {
        var read = new List<(JournalNote, ActivationRecord)>();
        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            var buffer = new byte[1024];
            foreach (var note in notes)
            {
                if (ReadLine(file, note, ref buffer) is { } line && Fallback(line.Span, note) is { } fallback)
                {
                    read.Add((note, fallback));
                }
            }
        }
        catch (Exception exception) when (exception is FileNotFoundException or EndOfStreamException)
        {
            // Removed or rewritten by another sweep meanwhile: listed again at the next one, from the file as it is then.
        }

        return read;
    }

    /// <summary>The fallback of <paramref name="note"/>'s line; null when the line is another one's, or its fallback is not a record.</summary>
    private static ActivationRecord? Fallback(ReadOnlySpan<byte> line, JournalNote note)
    {
        try
        {
            return JournalLine.ReadFallback(line, note);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>Adds the notes of the complete lines of <paramref name="content"/>, which starts at <paramref name="start"/> in its segment; returns the bytes they took.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long ParseLines(ReadOnlySpan<byte> content, long start, List<JournalNote> notes)
    {
        var consumed = 0L;
        var previous = notes.Count > 0 ? notes[^1] : null;
        for (var end = content.IndexOf((byte)'\n'); end >= 0; end = content.IndexOf((byte)'\n'))
        {
            var line = content[..end];
            content = content[(end + 1)..];
            var offset = start + consumed;
            consumed += end + 1;
            if (line.IsEmpty)
            {
                continue;
            }

            // Not a note: the rest of a line torn by a failed write (its writer got an error, its activation no answer).
            if (JournalLine.TryRead(line, offset, previous, out var note))
            {
                notes.Add(note!);
                previous = note;
            }
        }

        // A last line without its newline is being written, or was torn by a crash: read again next time.
        return consumed;
    }

    private sealed class ParsedSegment
    {
        public long Offset { get; set; }

        public List<JournalNote> Notes { get; init; } = [];
    }
}
