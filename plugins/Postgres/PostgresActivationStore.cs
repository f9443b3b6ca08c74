using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Postgres;

/// <summary>
/// The PostgreSQL activation store (name <c>postgres</c>): JSONB records indexed by namespace, action path and start,
/// with the journal of accepted activations in the same database (storing a record ends its acceptance in the same
/// statement).
/// </summary>
public sealed class PostgresActivationStore(PostgresDatabase database) : IActivationStore, IActivationJournal, IActivationRetention
{
    /// <summary>The implementation name.</summary>
    public const string Name = "postgres";

    public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        return WriteAsync(record, "DO UPDATE SET path = excluded.path, start = excluded.start, body = excluded.body", cancellationToken);
    }

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return WriteAsync(accepted.Fallback, "DO NOTHING", cancellationToken);
    }

    public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        return database.RunAsync(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                INSERT INTO ow_accepted_activations (namespace, activation_id, controller, deadline, fallback) VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (namespace, activation_id) DO UPDATE SET controller = excluded.controller, deadline = excluded.deadline, fallback = excluded.fallback
                """,
                connection);
            command.Parameters.AddWithValue(accepted.Fallback.Namespace);
            command.Parameters.AddWithValue(accepted.Fallback.ActivationId);
            command.Parameters.AddWithValue(accepted.Controller);
            command.Parameters.AddWithValue(accepted.Deadline.ToUnixTimeMilliseconds());
            command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, OpenWhiskJson.SerializeDocument(accepted.Fallback));
            return await command.ExecuteNonQueryAsync(token);
        }, cancellationToken);
    }

    public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand("DELETE FROM ow_accepted_activations WHERE namespace = $1 AND activation_id = $2", connection);
        command.Parameters.AddWithValue(namespaceName);
        command.Parameters.AddWithValue(activationId);
        return await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    public Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken) =>
        database.RunAsync<IReadOnlyList<AcceptedActivation>>(async (connection, token) =>
        {
            await using var command = new NpgsqlCommand(
                """
                SELECT fallback::text, deadline, controller FROM ow_accepted_activations
                WHERE deadline < $1 AND ($2::text IS NULL OR controller = $2) ORDER BY deadline LIMIT $3
                """,
                connection);
            command.Parameters.AddWithValue(deadlineBefore.ToUnixTimeMilliseconds());
            command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)controller ?? DBNull.Value });
            command.Parameters.AddWithValue(limit);
            await using var reader = await command.ExecuteReaderAsync(token);
            var overdue = new List<AcceptedActivation>();
            while (await reader.ReadAsync(token))
            {
                overdue.Add(new AcceptedActivation(
                    JsonSerializer.Deserialize<ActivationRecord>(reader.GetString(0), OpenWhiskJson.Options)!,
                    DateTimeOffset.FromUnixTimeMilliseconds(reader.GetInt64(1)),
                    reader.GetString(2)));
            }

            return overdue;
        }, cancellationToken);

    /// <summary>Writes <paramref name="record"/> (on a conflict as <paramref name="onConflict"/> says) and ends its acceptance, in one statement.</summary>
    private Task WriteAsync(ActivationRecord record, string onConflict, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand(
            $"""
            WITH ended AS (DELETE FROM ow_accepted_activations WHERE namespace = $1 AND activation_id = $2)
            INSERT INTO ow_activations (namespace, activation_id, path, start, body) VALUES ($1, $2, $3, $4, $5)
            ON CONFLICT (namespace, activation_id) {onConflict}
            """,
            connection);
        command.Parameters.AddWithValue(record.Namespace);
        command.Parameters.AddWithValue(record.ActivationId);
        command.Parameters.AddWithValue(ActivationPaths.RelativePath(record));
        command.Parameters.AddWithValue(record.Start);
        command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, OpenWhiskJson.SerializeDocument(record));
        return await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand("SELECT body::text FROM ow_activations WHERE namespace = $1 AND activation_id = $2", connection);
        command.Parameters.AddWithValue(namespaceName);
        command.Parameters.AddWithValue(activationId);
        return await command.ExecuteScalarAsync(token) is string body ? JsonSerializer.Deserialize<ActivationRecord>(body, OpenWhiskJson.Options) : null;
    }, cancellationToken);

    public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return database.RunAsync<IReadOnlyList<ActivationRecord>>(async (connection, token) =>
        {
            var body = query.WithoutResultAndLogs ? "((body #- '{response,result}') - 'logs')::text" : "body::text";
            await using var command = Query(connection, query, body, " ORDER BY start DESC, activation_id LIMIT $5 OFFSET $6");
            command.Parameters.AddWithValue(query.Limit);
            command.Parameters.AddWithValue(query.Skip);
            await using var reader = await command.ExecuteReaderAsync(token);
            var records = new List<ActivationRecord>();
            while (await reader.ReadAsync(token))
            {
                records.Add(JsonSerializer.Deserialize<ActivationRecord>(reader.GetString(0), OpenWhiskJson.Options)!);
            }

            return records;
        }, cancellationToken);
    }

    public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return database.RunAsync(async (connection, token) =>
        {
            await using var command = Query(connection, query, "count(*)", string.Empty);
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand("DELETE FROM ow_activations WHERE namespace = $1 AND activation_id = $2", connection);
        command.Parameters.AddWithValue(namespaceName);
        command.Parameters.AddWithValue(activationId);
        return await command.ExecuteNonQueryAsync(token) > 0;
    }, cancellationToken);

    /// <summary>
    /// Deletes a batch of old records by their physical row ids: a scan that stops at the batch's size, and no index
    /// on <c>start</c> alone for every write to maintain.
    /// </summary>
    public Task<int> PurgeAsync(DateTimeOffset startedBefore, int maxRecords, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand(
            "DELETE FROM ow_activations WHERE ctid = ANY (ARRAY(SELECT ctid FROM ow_activations WHERE start < $1 LIMIT $2))", connection);
        command.Parameters.AddWithValue(startedBefore.ToUnixTimeMilliseconds());
        command.Parameters.AddWithValue(maxRecords);
        return await command.ExecuteNonQueryAsync(token);
    }, cancellationToken);

    /// <summary>Filters are parameters that are null when unused, so one statement serves every combination.</summary>
    private static NpgsqlCommand Query(NpgsqlConnection connection, ActivationQuery query, string columns, string tail)
    {
        var command = new NpgsqlCommand(
            $"""
            SELECT {columns} FROM ow_activations
            WHERE namespace = $1 AND ($2::text IS NULL OR path = $2) AND ($3::bigint IS NULL OR start >= $3) AND ($4::bigint IS NULL OR start <= $4){tail}
            """,
            connection);
        command.Parameters.AddWithValue(query.Namespace);
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)query.Name ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)query.Since ?? DBNull.Value });
        command.Parameters.Add(new NpgsqlParameter { NpgsqlDbType = NpgsqlDbType.Bigint, Value = (object?)query.Upto ?? DBNull.Value });
        return command;
    }
}
