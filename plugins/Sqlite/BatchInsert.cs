using Microsoft.Data.Sqlite;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The activation writer's own connection with its statements prepared once: every batch is one transaction of
/// executions of them, so no batch pays for opening, pragmas or parsing.
/// </summary>
internal sealed class BatchInsert : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand[] commands;
    private readonly SqliteCommand storeRecord;
    private readonly SqliteCommand storeIfAbsent;
    private readonly SqliteCommand forget;

    private BatchInsert(SqliteConnection connection)
    {
        this.connection = connection;
        storeRecord = Prepare("""
            INSERT OR REPLACE INTO activations (namespace, activation_id, path, start, body)
            VALUES ($namespace, $id, $path, $start, $body)
            """);
        // A fallback never replaces a record, nor comes back for an activation forgotten (or whose record was deleted).
        storeIfAbsent = Prepare("""
            INSERT OR IGNORE INTO activations (namespace, activation_id, path, start, body)
            SELECT $namespace, $id, $path, $start, $body
            WHERE NOT EXISTS (SELECT 1 FROM forgotten_activations WHERE namespace = $namespace AND activation_id = $id)
            """);
        forget = Prepare("""
            INSERT OR REPLACE INTO forgotten_activations (namespace, activation_id, forgotten)
            VALUES ($namespace, $id, $start)
            """);
        commands = [storeRecord, storeIfAbsent, forget];
    }

    public static async Task<BatchInsert> OpenAsync(SqliteDatabase database)
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        return new BatchInsert(connection);
    }

    public async Task WriteAsync(IReadOnlyList<PendingActivationRow> rows)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        foreach (var command in commands)
        {
            command.Transaction = transaction;
        }

        foreach (var row in rows)
        {
            switch (row.Kind)
            {
                case PendingRowKind.Record:
                    await RunAsync(storeRecord, row);
                    break;
                case PendingRowKind.Overdue:
                    await RunAsync(storeIfAbsent, row);
                    break;
                default:
                    await RunAsync(forget, row);
                    break;
            }
        }

        await transaction.CommitAsync();
        foreach (var command in commands)
        {
            command.Transaction = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var command in commands)
        {
            await command.DisposeAsync();
        }

        await connection.DisposeAsync();
    }

    private static async Task RunAsync(SqliteCommand command, PendingActivationRow row)
    {
        foreach (SqliteParameter parameter in command.Parameters)
        {
            parameter.Value = parameter.ParameterName switch
            {
                "$namespace" => row.Namespace,
                "$id" => row.ActivationId,
                "$path" => row.Path,
                "$start" => row.Start,
                _ => row.Body,
            };
        }

        await command.ExecuteNonQueryAsync();
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$namespace", "$id", "$path", "$start", "$body" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        return command;
    }
}
