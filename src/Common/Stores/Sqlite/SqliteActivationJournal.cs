using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// The SQLite store's journal of accepted activations. Notes go to files beside the database
/// (<see cref="AcceptedActivationLog"/>): one append each, so a 202 waits for no commit and a stored record deletes
/// nothing. A note counts until its activation has a record, or is forgotten (<c>forgotten_activations</c>: a refused
/// invocation's, or one whose record was deleted); each sweep reads the segments, lists the overdue notes that still
/// count, and rewrites or removes closed segments so that they keep only those.
/// </summary>
internal sealed class SqliteActivationJournal : IDisposable
{
    private static readonly TimeSpan ForgottenKept = TimeSpan.FromDays(1);

    private readonly SqliteDatabase database;
    private readonly SqliteActivationWriter writer;
    private readonly TimeProvider timeProvider;
    private readonly AcceptedActivationLog log;
    private readonly Lock gate = new();
    private Task? rowsMoved;

    public SqliteActivationJournal(SqliteDatabase database, SqliteActivationWriter writer, TimeProvider timeProvider)
    {
        this.database = database;
        this.writer = writer;
        this.timeProvider = timeProvider;
        log = new AcceptedActivationLog(database.FilePath + "-accepted", timeProvider);
    }

    public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        var moved = MoveRowsAsync();
        return moved.IsCompletedSuccessfully ? Append(accepted) : AppendAfterAsync(moved, accepted, cancellationToken);
    }

    public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
        writer.ForgetAsync(namespaceName, activationId, timeProvider.GetUtcNow().ToUnixTimeMilliseconds(), cancellationToken);

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken) =>
        writer.EndOverdueAsync(accepted, cancellationToken);

    public async Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken)
    {
        await MoveRowsAsync().WaitAsync(cancellationToken);
        var segments = log.ReadSegments();

        // Noting an activation again replaces its note: only the latest counts.
        var latest = new Dictionary<(string, string), JournalNote>();
        foreach (var note in segments.SelectMany(s => s.Notes))
        {
            latest[note.Key] = note;
        }

        var before = deadlineBefore.ToUnixTimeMilliseconds();
        var overdue = new List<JournalNote>();
        try
        {
            await using var connection = await database.OpenAsync(cancellationToken);
            await using var counts = CountsCommand(connection);
            foreach (var segment in segments)
            {
                var kept = new List<JournalNote>();
                foreach (var note in segment.Notes.Where(n => ReferenceEquals(latest[n.Key], n)))
                {
                    var listed = note.Deadline < before && (controller is null || note.Controller == controller);
                    if ((listed || segment.Closed) && StillCounts(counts, note))
                    {
                        kept.Add(note);
                        if (listed)
                        {
                            overdue.Add(note);
                        }
                    }
                }

                if (segment.Closed && kept.Count < segment.Notes.Count)
                {
                    Keep(segment.Path, kept);
                }
            }

            await RemoveOldForgottenAsync(connection, cancellationToken);
            log.RemoveAbandonedRewrites();
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }

        return overdue
            .OrderBy(n => n.Deadline)
            .Take(limit)
            .Select(n => new AcceptedActivation(n.Fallback, DateTimeOffset.FromUnixTimeMilliseconds(n.Deadline), n.Controller))
            .ToList();
    }

    public void Dispose() => log.Dispose();

    private static SqliteCommand CountsCommand(SqliteConnection connection)
    {
        var command = connection.CreateCommand();
        command.CommandText = """
            SELECT NOT EXISTS (SELECT 1 FROM activations WHERE namespace = $namespace AND activation_id = $id)
               AND NOT EXISTS (SELECT 1 FROM forgotten_activations WHERE namespace = $namespace AND activation_id = $id)
            """;
        command.Parameters.Add(new SqliteParameter { ParameterName = "$namespace" });
        command.Parameters.Add(new SqliteParameter { ParameterName = "$id" });
        command.Prepare();
        return command;
    }

    /// <summary>True while <paramref name="note"/>'s activation has neither a record nor been forgotten.</summary>
    private static bool StillCounts(SqliteCommand counts, JournalNote note)
    {
        counts.Parameters[0].Value = note.Fallback.Namespace;
        counts.Parameters[1].Value = note.Fallback.ActivationId;
        return Convert.ToInt64(counts.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private void Keep(string path, List<JournalNote> kept)
    {
        try
        {
            log.Keep(path, kept);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Kept as it is: read again at the next sweep, with the same outcome.
        }
    }

    private async Task RemoveOldForgottenAsync(SqliteConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM forgotten_activations WHERE forgotten < $before";
        command.Parameters.AddWithValue("$before", (timeProvider.GetUtcNow() - ForgottenKept).ToUnixTimeMilliseconds());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private Task Append(AcceptedActivation accepted)
    {
        try
        {
            log.Append(new JournalNote(accepted.Deadline.ToUnixTimeMilliseconds(), accepted.Controller, accepted.Fallback));
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
    /// store (tried again after a failure): in one write transaction, so that two processes do not both move them.
    /// </summary>
    private Task MoveRowsAsync()
    {
        lock (gate)
        {
            if (rowsMoved is null || rowsMoved.IsFaulted || rowsMoved.IsCanceled)
            {
                rowsMoved = MoveRowsNowAsync();
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
            await using (var reader = await select.ExecuteReaderAsync())
            {
                while (await reader.ReadAsync())
                {
                    var fallback = JsonSerializer.Deserialize<ActivationRecord>(reader.GetString(0), OpenWhiskJson.Options)!;
                    log.Append(new JournalNote(reader.GetInt64(1), reader.GetString(2), fallback));
                }
            }

            await using var delete = connection.CreateCommand();
            delete.Transaction = transaction;
            delete.CommandText = "DELETE FROM accepted_activations";
            await delete.ExecuteNonQueryAsync();
            await transaction.CommitAsync();
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }
    }
}
