using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// The embedded activation store (name <c>sqlite</c>), indexed by namespace, action path and start. Records are
/// written by one writer in group commits (<see cref="SqliteActivationWriter"/>); reads run alongside (WAL). Keeps the
/// journal of accepted activations in the same file, written by the same writer.
/// </summary>
public sealed class SqliteActivationStore(SqliteDatabase database) : IActivationStore, IActivationJournal, IAsyncDisposable
{
    /// <summary>The implementation name.</summary>
    public const string Name = "sqlite";

    private readonly SqliteActivationWriter writer = new(database);

    public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return writer.WriteAsync(record, cancellationToken);
    }

    public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return writer.AcceptAsync(accepted, cancellationToken);
    }

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return writer.EndOverdueAsync(accepted, cancellationToken);
    }

    public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) =>
        writer.ForgetAsync(namespaceName, activationId, cancellationToken);

    public Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken) =>
        RunAsync<IReadOnlyList<AcceptedActivation>>(async connection =>
        {
            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT fallback, deadline, controller FROM accepted_activations WHERE deadline < $before"
                + (controller is null ? string.Empty : " AND controller = $controller")
                + " ORDER BY deadline LIMIT $limit";
            command.Parameters.AddWithValue("$before", deadlineBefore.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue("$controller", (object?)controller ?? DBNull.Value);
            command.Parameters.AddWithValue("$limit", limit);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var overdue = new List<AcceptedActivation>();
            while (await reader.ReadAsync(cancellationToken))
            {
                overdue.Add(new AcceptedActivation(
                    JsonSerializer.Deserialize<ActivationRecord>(reader.GetString(0), OpenWhiskJson.Options)!,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetString(2)));
            }

            return overdue;
        }, cancellationToken);

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
        await using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM activations WHERE namespace = $namespace AND activation_id = $id";
        command.Parameters.AddWithValue("$namespace", namespaceName);
        command.Parameters.AddWithValue("$id", activationId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
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
            await using var connection = await database.OpenAsync(cancellationToken);
            return await work(connection);
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }
    }

    public ValueTask DisposeAsync() => writer.DisposeAsync();
}
