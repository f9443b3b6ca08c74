using Microsoft.Data.Sqlite;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// The activation writer's own connection with its insert statement prepared once: every batch is one
/// transaction of executions of that statement, so no batch pays for opening, pragmas or parsing.
/// </summary>
internal sealed class BatchInsert : IAsyncDisposable
{
    private readonly SqliteConnection connection;
    private readonly SqliteCommand command;
    private readonly SqliteParameter ns;
    private readonly SqliteParameter id;
    private readonly SqliteParameter path;
    private readonly SqliteParameter start;
    private readonly SqliteParameter body;

    private BatchInsert(SqliteConnection connection)
    {
        this.connection = connection;
        command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR REPLACE INTO activations (namespace, activation_id, path, start, body)
            VALUES ($namespace, $id, $path, $start, $body)
            """;
        ns = command.Parameters.Add("$namespace", SqliteType.Text);
        id = command.Parameters.Add("$id", SqliteType.Text);
        path = command.Parameters.Add("$path", SqliteType.Text);
        start = command.Parameters.Add("$start", SqliteType.Integer);
        body = command.Parameters.Add("$body", SqliteType.Text);
    }

    public static async Task<BatchInsert> OpenAsync(SqliteDatabase database)
    {
        var connection = await database.OpenAsync(CancellationToken.None);
        return new BatchInsert(connection);
    }

    public async Task WriteAsync(IReadOnlyList<PendingActivationRow> rows)
    {
        await using var transaction = connection.BeginTransaction(deferred: false);
        command.Transaction = transaction;
        foreach (var row in rows)
        {
            ns.Value = row.Namespace;
            id.Value = row.ActivationId;
            path.Value = row.Path;
            start.Value = row.Start;
            body.Value = row.Body;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        command.Transaction = null;
    }

    public async ValueTask DisposeAsync()
    {
        await command.DisposeAsync();
        await connection.DisposeAsync();
    }
}
