using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The embedded activation store (name <c>sqlite</c>), indexed by namespace, action path and start. Records are
/// written by one writer in group commits (<see cref="SqliteActivationWriter"/>); reads run alongside (WAL). Keeps the
/// journal of accepted activations in files beside the database (<see cref="SqliteActivationJournal"/>).
/// </summary>
public sealed class SqliteActivationStore : IActivationStore, IActivationJournal, IActivationRetention, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string Name = "sqlite";

    private readonly SqliteDatabase database;
    private readonly SqliteActivationWriter writer;
    private readonly SqliteActivationJournal journal;
    private readonly TimeProvider timeProvider;

    /// <summary>Initializes a new instance of the <see cref="SqliteActivationStore"/> class.</summary>
    /// <param name="database">The database file.</param>
    /// <param name="timeProvider">The clock (the journal's segments and forgotten activations).</param>
    public SqliteActivationStore(SqliteDatabase database, TimeProvider timeProvider)
    {
        this.database = database;
        this.timeProvider = timeProvider;
        writer = new SqliteActivationWriter(database, timeProvider);
        journal = new SqliteActivationJournal(database, writer, timeProvider);
    }

    public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return writer.WriteAsync(record, cancellationToken);
    }

    public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return journal.AcceptAsync(accepted, cancellationToken);
    }

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return journal.EndOverdueAsync(accepted, cancellationToken);
    }

    public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
        journal.ForgetAsync(namespaceName, activationId, cancellationToken);

    public Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken) =>
        journal.ListOverdueAsync(deadlineBefore, controller, limit, cancellationToken);

    public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body FROM activations WHERE namespace = $namespace AND activation_id = $id";
        command.Parameters.AddWithValue("$namespace", namespaceName);
        command.Parameters.AddWithValue("$id", activationId);
        return await command.ExecuteScalarAsync(cancellationToken) is string body
            ? JsonSerializer.Deserialize<ActivationRecord>(body, OpenWhiskJson.Options)
            : null;
    }, cancellationToken);

    public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync<IReadOnlyList<ActivationRecord>>(async connection =>
        {
            await using var command = Query(connection, query, query.WithoutResultAndLogs ? "json_remove(body, '$.response.result', '$.logs')" : "body");
            command.CommandText += " ORDER BY start DESC, activation_id LIMIT $limit OFFSET $skip";
            command.Parameters.AddWithValue("$limit", query.Limit);
            command.Parameters.AddWithValue("$skip", query.Skip);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var records = new List<ActivationRecord>();
            while (await reader.ReadAsync(cancellationToken))
            {
                records.Add(JsonSerializer.Deserialize<ActivationRecord>(reader.GetString(0), OpenWhiskJson.Options)!);
            }

            return records;
        }, cancellationToken);
    }

    public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(async connection =>
        {
            await using var command = Query(connection, query, "COUNT(*)");
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        // A journal note that the record ended must not count again once the record is gone: forgotten with it.
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            DELETE FROM activations WHERE namespace = $namespace AND activation_id = $id;
            INSERT OR REPLACE INTO forgotten_activations (namespace, activation_id, forgotten)
            SELECT $namespace, $id, $now WHERE changes() > 0;
            """;
        command.Parameters.AddWithValue("$namespace", namespaceName);
        command.Parameters.AddWithValue("$id", activationId);
        command.Parameters.AddWithValue("$now", timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        var deleted = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        await transaction.CommitAsync(cancellationToken);
        return deleted;
    }, cancellationToken);

    /// <summary>
    /// Finds the oldest records with a read, scanning in insertion order (rowid), which is nearly start order, so a
    /// batch finds its rows at the beginning of the table without an index on <c>start</c> alone for writes to
    /// maintain; a read never holds up the writer (WAL). Only the delete of the rows found takes the write lock.
    /// </summary>
    public Task<int> PurgeAsync(DateTimeOffset startedBefore, int maxRecords, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        var rows = new List<long>(Math.Min(maxRecords, 10_000));
        await using (var find = connection.CreateCommand())
        {
            find.CommandText = "SELECT rowid FROM activations WHERE start < $cutoff LIMIT $limit";
            find.Parameters.AddWithValue("$cutoff", startedBefore.ToUnixTimeMilliseconds());
            find.Parameters.AddWithValue("$limit", maxRecords);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                rows.Add(reader.GetInt64(0));
            }
        }

        if (rows.Count == 0)
        {
            return 0;
        }

        await using var delete = connection.CreateCommand();
        delete.CommandText = $"DELETE FROM activations WHERE rowid IN ({string.Join(',', rows)}) AND start < $cutoff";
        delete.Parameters.AddWithValue("$cutoff", startedBefore.ToUnixTimeMilliseconds());
        return await delete.ExecuteNonQueryAsync(cancellationToken);
    }, cancellationToken);

    private static SqliteCommand Query(SqliteConnection connection, ActivationQuery query, string columns)
    {
        var command = connection.CreateCommand();
        var sql = $"SELECT {columns} FROM activations WHERE namespace = $namespace";
        command.Parameters.AddWithValue("$namespace", query.Namespace);
        if (query.Name is not null)
        {
            sql += " AND path = $path";
            command.Parameters.AddWithValue("$path", query.Name);
        }

        if (query.Since is { } since)
        {
            sql += " AND start >= $since";
            command.Parameters.AddWithValue("$since", since);
        }

        if (query.Upto is { } upto)
        {
            sql += " AND start <= $upto";
            command.Parameters.AddWithValue("$upto", upto);
        }

        command.CommandText = sql;
        return command;
    }

    private async Task<T> RunAsync<T>(Func<SqliteConnection, Task<T>> work, CancellationToken cancellationToken)
    {
        try
        {
            // With a record log, what this process wrote may not be committed yet.
            await writer.FlushAsync(cancellationToken);
            await using var connection = await database.OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await writer.DisposeAsync();
        journal.Dispose();
    }
}
