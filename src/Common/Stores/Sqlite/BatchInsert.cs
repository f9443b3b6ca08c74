using Microsoft.Data.Sqlite;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// The activation writer's own connection with its statements prepared once: every batch is one transaction of
/// executions of them, so no batch pays for opening, pragmas or parsing. A stored record ends its activation's
/// acceptance in the same transaction.
/// </summary>
internal sealed class BatchInsert : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand[] commands;
    private readonly SqliteCommand storeRecord;
    private readonly SqliteCommand storeIfAbsent;
    private readonly SqliteCommand endAcceptance;
    private readonly SqliteCommand accept;

    private BatchInsert(SqliteConnection connection)
    {
        this.connection = connection;
        storeRecord = Prepare("""
            INSERT OR REPLACE INTO activations (namespace, activation_id, path, start, body)
            VALUES ($namespace, $id, $path, $start, $body)
            """);
        storeIfAbsent = Prepare("""
            INSERT OR IGNORE INTO activations (namespace, activation_id, path, start, body)
            VALUES ($namespace, $id, $path, $start, $body)
            """);
        endAcceptance = Prepare("DELETE FROM accepted_activations WHERE namespace = $namespace AND activation_id = $id");
        accept = Prepare("""
            INSERT OR REPLACE INTO accepted_activations (namespace, activation_id, controller, deadline, fallback)
            VALUES ($namespace, $id, $controller, $deadline, $body)
            """);
        commands = [storeRecord, storeIfAbsent, endAcceptance, accept];
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
                    await RunAsync(endAcceptance, row);
                    break;
                case PendingRowKind.Overdue:
                    await RunAsync(storeIfAbsent, row);
                    await RunAsync(endAcceptance, row);
                    break;
                case PendingRowKind.Forget:
                    await RunAsync(endAcceptance, row);
                    break;
                default:
                    await RunAsync(accept, row);
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
                "$body" => row.Body,
                "$controller" => row.Controller,
                _ => row.Deadline,
            };
        }

        await command.ExecuteNonQueryAsync();
    }

    private SqliteCommand Prepare(string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var name in new[] { "$namespace", "$id", "$path", "$start", "$body", "$controller", "$deadline" })
        {
            if (sql.Contains(name, StringComparison.Ordinal))
            {
                command.Parameters.Add(new SqliteParameter { ParameterName = name });
            }
        }

        return command;
    }
}
