using System.Globalization;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The SQLite store's journal of accepted activations. Notes go to files beside the database
/// (<see cref="AcceptedActivationLog"/>): one append each, so a 202 waits for no commit and a stored record deletes
/// nothing. A note counts until its activation has a record, or is forgotten (<c>forgotten_activations</c>: a refused
/// invocation's, or one whose record was deleted); each sweep reads the segments (only what was appended since the
/// last), lists the overdue notes that still count (their fallback records read from the files then), and rewrites
/// or removes closed segments so that they keep only those. Whether notes still count is looked up in batches (one
/// statement per few hundred notes), and notes found ended are remembered, so that the pages of one sweep look each
/// up once. In memory a note holds its keys and where its line is, not its fallback record.
/// </summary>
internal sealed class SqliteActivationJournal : IDisposable
{
    private const int LookupBatch = 500;

    private readonly SqliteDatabase database;
    private readonly SqliteActivationWriter writer;
    private readonly TimeProvider timeProvider;
    private readonly AcceptedActivationLog log;
    private readonly JournalSegmentReader reader;
    private readonly SemaphoreSlim sweeping = new(1, 1);
    private readonly HashSet<JournalNote> ended = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<string, DateTimeOffset> cleaned = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private Task? rowsMoved;
    private volatile bool rowsMovedDone;

    public SqliteActivationJournal(SqliteDatabase database, SqliteActivationWriter writer, TimeProvider timeProvider)
    {
        this.database = database;
        this.writer = writer;
        this.timeProvider = timeProvider;
        var directory = database.FilePath + "-accepted";
        log = new AcceptedActivationLog(directory, timeProvider);
        reader = new JournalSegmentReader(directory, timeProvider);
    }

    public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken) =>
        rowsMovedDone ? Append(accepted) : AppendAfterAsync(MoveRowsAsync(), accepted, cancellationToken);

    public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
        writer.ForgetAsync(namespaceName, activationId, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken) =>
        writer.EndOverdueAsync(accepted, cancellationToken);

    public async Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken)
    {
        await MoveRowsAsync().WaitAsync(cancellationToken);
        await writer.FlushAsync(cancellationToken);
        await sweeping.WaitAsync(cancellationToken);
        try
        {
            var segments = reader.Read();
            var now = timeProvider.GetUtcNow();
            ended.IntersectWith(segments.SelectMany(s => s.Notes));
            foreach (var gone in cleaned.Keys.Except(segments.Select(s => s.Path)).ToList())
            {
                cleaned.Remove(gone);
            }

            // Noting an activation again replaces its note: only the latest counts.
            var latest = new Dictionary<(string, string), (JournalNote Note, string Path)>();
            foreach (var segment in segments)
            {
                foreach (var note in segment.Notes.Where(n => !ended.Contains(n)))
                {
                    latest[note.Key] = (note, segment.Path);
                }
            }

            // Closed segments are cleaned once a window at most (not once a page); overdue notes are listed.
            var before = deadlineBefore.ToUnixTimeMilliseconds();
            var due = segments.Where(s => s.Closed && (!cleaned.TryGetValue(s.Path, out var last) || now - last >= AcceptedActivationLog.Window)).ToList();
            var candidates = latest.Values.Where(n => n.Note.Deadline < before && (controller is null || n.Note.Controller == controller)).ToList();

            // Whether each of those still counts, in a few statements rather than one per note.
            await using var connection = await database.OpenAsync(cancellationToken);
            var over = await EndedKeysAsync(connection, due.SelectMany(s => s.Notes).Concat(candidates.Select(c => c.Note)).Where(n => !ended.Contains(n)), cancellationToken);
            bool StillCounts(JournalNote note)
            {
                if (ended.Contains(note) || !ReferenceEquals(latest.GetValueOrDefault(note.Key).Note, note))
                {
                    return false;
                }

                if (over.Contains(note.Key))
                {
                    ended.Add(note);
                    return false;
                }

                return true;
            }

            // The overdue notes' fallbacks are read before any segment is rewritten (that moves the lines).
            var overdue = candidates.Where(c => StillCounts(c.Note)).OrderBy(c => c.Note.Deadline).Take(limit)
                .GroupBy(c => c.Path, c => c.Note)
                .SelectMany(inSegment => JournalSegmentReader.ReadFallbacks(inSegment.Key, inSegment))
                .OrderBy(read => read.Note.Deadline)
                .Select(read => new AcceptedActivation(read.Fallback, DateTimeOffset.FromUnixTimeMilliseconds(read.Note.Deadline), read.Note.Controller))
                .ToList();
            var everyKept = true;
            var removed = new HashSet<string>(StringComparer.Ordinal);
            foreach (var segment in due)
            {
                cleaned[segment.Path] = now;
                var kept = segment.Notes.Where(StillCounts).ToList();
                everyKept &= kept.Count == segment.Notes.Count || Keep(segment.Path, kept);
                if (kept.Count == 0)
                {
                    removed.Add(segment.Path);
                    cleaned.Remove(segment.Path);
                }
            }

            if (everyKept)
            {
                await RemoveForgottenAsync(connection, segments.Where(s => !removed.Contains(s.Path)).ToList(), now, cancellationToken);
            }

            log.RemoveAbandonedRewrites();
            return overdue;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }
        finally
        {
            sweeping.Release();
        }
    }

    public void Dispose()
    {
        log.Dispose();
        sweeping.Dispose();
    }

    /// <summary>The keys among <paramref name="notes"/>' activations that have a record or were forgotten.</summary>
    private static async Task<HashSet<(string, string)>> EndedKeysAsync(SqliteConnection connection, IEnumerable<JournalNote> notes, CancellationToken cancellationToken)
    {
        var over = new HashSet<(string, string)>();
        await using (var forgotten = connection.CreateCommand())
        {
            // A small table: the refused activations and deleted records of the last segments.
            forgotten.CommandText = "SELECT namespace, activation_id FROM forgotten_activations";
            await using var rows = await forgotten.ExecuteReaderAsync(cancellationToken);
            while (await rows.ReadAsync(cancellationToken))
            {
                over.Add((rows.GetString(0), rows.GetString(1)));
            }
        }

        foreach (var inNamespace in notes.Select(n => n.Key).Distinct().GroupBy(k => k.Item1, k => k.Item2))
        {
            foreach (var ids in inNamespace.Chunk(LookupBatch))
            {
                await using var stored = connection.CreateCommand();
                var names = new string[ids.Length];
                for (var i = 0; i < ids.Length; i++)
                {
                    names[i] = "$i" + i.ToString(CultureInfo.InvariantCulture);
                    stored.Parameters.AddWithValue(names[i], ids[i]);
                }

                stored.CommandText = $"SELECT activation_id FROM activations WHERE namespace = $namespace AND activation_id IN ({string.Join(',', names)})";
                stored.Parameters.AddWithValue("$namespace", inNamespace.Key);
                await using var rows = await stored.ExecuteReaderAsync(cancellationToken);
                while (await rows.ReadAsync(cancellationToken))
                {
                    over.Add((inNamespace.Key, rows.GetString(0)));
                }
            }
        }

        return over;
    }

    /// <summary>
    /// Removes the forgotten activations that no note on disk can be about any more: forgotten before the oldest
    /// segment's window began (a note is written before its activation is forgotten). Kept while a segment could not
    /// be rewritten, since its notes then still name them.
    /// </summary>
    private static async Task RemoveForgottenAsync(SqliteConnection connection, IReadOnlyList<JournalSegment> remaining, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var oldest = remaining.Count > 0 ? remaining.Min(s => s.WindowStart) : AcceptedActivationLog.WindowOf(now);
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM forgotten_activations WHERE forgotten < $before";
        command.Parameters.AddWithValue("$before", oldest - (long)AcceptedActivationLog.Grace.TotalMilliseconds);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private bool Keep(string path, List<JournalNote> kept)
    {
        try
        {
            var (notes, length) = AcceptedActivationLog.Keep(path, kept);
            reader.Replaced(path, notes, length);
            return true;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Kept as it is: read again at the next sweep, with the same outcome.
            return false;
        }
    }

    private Task Append(AcceptedActivation accepted)
    {
        try
        {
            log.Append(accepted.Deadline.ToUnixTimeMilliseconds(), accepted.Controller, accepted.Fallback);
            return Task.CompletedTask;
        }
        catch (Exception exception) when (exception is StoreUnavailableException or DocumentRefusedException)
        {
            return Task.FromException(exception);
        }
    }

    private async Task AppendAfterAsync(Task moved, AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        await moved.WaitAsync(cancellationToken);
        await Append(accepted);
    }

    /// <summary>
    /// Moves the notes that the <c>accepted_activations</c> table of an earlier version holds into the files, once per
    /// store (tried again after a failure), in one write transaction so that two processes do not both move them; the
    /// files are flushed to disk before the rows go.
    /// </summary>
    private Task MoveRowsAsync()
    {
        lock (gate)
        {
            if (rowsMoved is null || rowsMoved.IsFaulted || rowsMoved.IsCanceled)
            {
                rowsMoved = Task.Run(MoveRowsNowAsync);
            }

            return rowsMoved;
        }
    }

    private async Task MoveRowsNowAsync()
    {
        try
        {
            await using var connection = await database.OpenAsync(CancellationToken.None);
            await using var transaction = connection.BeginTransaction(deferred: false);
            await using var select = connection.CreateCommand();
            select.Transaction = transaction;
            select.CommandText = "SELECT fallback, deadline, controller FROM accepted_activations";
            var moved = 0;
            await using (var rows = await select.ExecuteReaderAsync())
            {
                while (await rows.ReadAsync())
                {
                    if (Fallback(rows.GetString(0)) is { } fallback)
                    {
                        log.Append(rows.GetInt64(1), rows.GetString(2), fallback);
                        moved++;
                    }
                }
            }

            if (moved > 0)
            {
                log.Flush();
            }

            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM accepted_activations";
            await delete.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
            rowsMovedDone = true;
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }
    }

    /// <summary>The fallback record of an old row; null for one that cannot be read (it could never be stored either).</summary>
    private static ActivationRecord? Fallback(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<ActivationRecord>(json, OpenWhiskJson.Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
