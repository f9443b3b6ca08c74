using System.Text.Json;
using Npgsql;
using NpgsqlTypes;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Postgres;

/// <summary>
/// The PostgreSQL artifact store (name <c>postgres</c>): entities as JSONB with the columns the API queries on
/// indexed, subjects and their keys; revisions checked in the UPDATE statements (a stale revision → 409).
/// </summary>
public sealed class PostgresArtifactStore(PostgresDatabase database) : IArtifactStore
{
    /// <summary>The implementation name.</summary>
    public const string Name = "postgres";

    private const string Columns = "doc_id, entity_type, namespace, name, updated, revision, body::text";
    private static readonly JsonSerializerOptions SubjectJson = new(JsonSerializerDefaults.Web);

    public Task<EntityDocument?> GetAsync(string docId, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand($"SELECT {Columns} FROM ow_entities WHERE doc_id = $1", connection);
        command.Parameters.AddWithValue(docId);
        await using var reader = await command.ExecuteReaderAsync(token);
        return await reader.ReadAsync(token) ? ReadDocument(reader) : null;
    }, cancellationToken);

    public Task<EntityDocument> PutAsync(EntityDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return database.RunAsync(async (connection, token) =>
        {
            var revision = Revisions.Next(document.Revision);
            await using var command = new NpgsqlCommand(
                document.Revision is null
                    ? """
                      INSERT INTO ow_entities (doc_id, entity_type, namespace, root_namespace, name, updated, revision, body)
                      VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
                      """
                    : """
                      UPDATE ow_entities SET entity_type = $2, namespace = $3, root_namespace = $4, name = $5, updated = $6,
                          revision = $7, body = $8
                      WHERE doc_id = $1 AND revision = $9
                      """,
                connection);
            command.Parameters.AddWithValue(document.DocId);
            command.Parameters.AddWithValue(document.EntityType);
            command.Parameters.AddWithValue(document.Namespace);
            command.Parameters.AddWithValue(document.RootNamespace);
            command.Parameters.AddWithValue(document.Name);
            command.Parameters.AddWithValue(document.Updated);
            command.Parameters.AddWithValue(revision);
            command.Parameters.AddWithValue(NpgsqlDbType.Jsonb, document.Body.GetRawText());
            if (document.Revision is not null)
            {
                command.Parameters.AddWithValue(document.Revision);
            }

            return await command.ExecuteNonQueryAsync(token) == 0
                ? throw new DocumentConflictException()
                : document with { Revision = revision };
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string docId, string? revision, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand(
            revision is null ? "DELETE FROM ow_entities WHERE doc_id = $1" : "DELETE FROM ow_entities WHERE doc_id = $1 AND revision = $2",
            connection);
        command.Parameters.AddWithValue(docId);
        if (revision is not null)
        {
            command.Parameters.AddWithValue(revision);
        }

        if (await command.ExecuteNonQueryAsync(token) > 0)
        {
            return true;
        }

        await using var exists = new NpgsqlCommand("SELECT 1 FROM ow_entities WHERE doc_id = $1", connection);
        exists.Parameters.AddWithValue(docId);
        return await exists.ExecuteScalarAsync(token) is null ? false : throw new DocumentConflictException();
    }, cancellationToken);

    public Task<IReadOnlyList<EntityDocument>> ListAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return database.RunAsync<IReadOnlyList<EntityDocument>>(async (connection, token) =>
        {
            var columns = query.WithoutCode ? Columns.Replace("body::text", "(body #- '{exec,code}')::text", StringComparison.Ordinal) : Columns;
            await using var command = Query(connection, query, columns, " ORDER BY updated DESC, doc_id LIMIT $4 OFFSET $5");
            command.Parameters.AddWithValue(query.Limit);
            command.Parameters.AddWithValue(query.Skip);
            await using var reader = await command.ExecuteReaderAsync(token);
            var documents = new List<EntityDocument>();
            while (await reader.ReadAsync(token))
            {
                documents.Add(ReadDocument(reader));
            }

            return documents;
        }, cancellationToken);
    }

    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return database.RunAsync(async (connection, token) =>
        {
            await using var command = Query(connection, query, "count(*)", string.Empty);
            return (long)(await command.ExecuteScalarAsync(token))!;
        }, cancellationToken);
    }

    public Task<SubjectRecord?> FindSubjectByUuidAsync(string uuid, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand(
            "SELECT s.body::text, s.revision FROM ow_subject_keys k JOIN ow_subjects s ON s.subject = k.subject WHERE k.uuid = $1", connection);
        command.Parameters.AddWithValue(uuid);
        return await ReadSubjectAsync(command, token);
    }, cancellationToken);

    public Task<SubjectRecord?> FindSubjectByNamespaceAsync(string namespaceName, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand(
            "SELECT s.body::text, s.revision FROM ow_subject_keys k JOIN ow_subjects s ON s.subject = k.subject WHERE k.namespace = $1", connection);
        command.Parameters.AddWithValue(namespaceName);
        return await ReadSubjectAsync(command, token);
    }, cancellationToken);

    public Task<SubjectRecord?> GetSubjectAsync(string subject, CancellationToken cancellationToken) => database.RunAsync(async (connection, token) =>
    {
        await using var command = new NpgsqlCommand("SELECT body::text, revision FROM ow_subjects WHERE subject = $1", connection);
        command.Parameters.AddWithValue(subject);
        return await ReadSubjectAsync(command, token);
    }, cancellationToken);

    public Task<SubjectRecord> PutSubjectAsync(SubjectRecord subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return database.RunAsync(async (connection, token) =>
        {
            var revision = Revisions.Next(subject.Revision);
            await using var transaction = await connection.BeginTransactionAsync(token);
            await using (var write = new NpgsqlCommand(
                subject.Revision is null
                    ? "INSERT INTO ow_subjects (subject, revision, body) VALUES ($1, $2, $3)"
                    : "UPDATE ow_subjects SET revision = $2, body = $3 WHERE subject = $1 AND revision = $4",
                connection,
                transaction))
            {
                write.Parameters.AddWithValue(subject.Subject);
                write.Parameters.AddWithValue(revision);
                write.Parameters.AddWithValue(NpgsqlDbType.Jsonb, JsonSerializer.Serialize(subject with { Revision = null }, SubjectJson));
                if (subject.Revision is not null)
                {
                    write.Parameters.AddWithValue(subject.Revision);
                }

                if (await write.ExecuteNonQueryAsync(token) == 0)
                {
                    throw new DocumentConflictException();
                }
            }

            await using (var clear = new NpgsqlCommand("DELETE FROM ow_subject_keys WHERE subject = $1", connection, transaction))
            {
                clear.Parameters.AddWithValue(subject.Subject);
                await clear.ExecuteNonQueryAsync(token);
            }

            foreach (var ns in subject.Namespaces)
            {
                await using var key = new NpgsqlCommand("INSERT INTO ow_subject_keys (uuid, namespace, subject) VALUES ($1, $2, $3)", connection, transaction);
                key.Parameters.AddWithValue(ns.Uuid);
                key.Parameters.AddWithValue(ns.Name);
                key.Parameters.AddWithValue(subject.Subject);
                await key.ExecuteNonQueryAsync(token);
            }

            await transaction.CommitAsync(token);
            return subject with { Revision = revision };
        }, cancellationToken);
    }

    private static NpgsqlCommand Query(NpgsqlConnection connection, EntityQuery query, string columns, string tail)
    {
        var rootOnly = query.IncludeNested && !query.Namespace.Contains('/', StringComparison.Ordinal);
        var filter = query.AllNamespaces
            ? "$2::text IS NOT NULL AND $3::text IS NOT NULL"
            : rootOnly
            ? "root_namespace = $2 AND $3::text IS NOT NULL"
            : query.IncludeNested
                ? "(namespace = $2 OR starts_with(namespace, $3))"
                : "namespace = $2 AND $3::text IS NOT NULL";
        if (query.PublicOnly)
        {
            filter += " AND body @> '{\"publish\": true}'";
        }

        var command = new NpgsqlCommand($"SELECT {columns} FROM ow_entities WHERE entity_type = $1 AND {filter}{tail}", connection);
        command.Parameters.AddWithValue(query.EntityType);
        command.Parameters.AddWithValue(query.Namespace);
        command.Parameters.AddWithValue(query.Namespace + "/");
        return command;
    }

    private static EntityDocument ReadDocument(NpgsqlDataReader reader) => new()
    {
        DocId = reader.GetString(0),
        EntityType = reader.GetString(1),
        Namespace = reader.GetString(2),
        Name = reader.GetString(3),
        Updated = reader.GetInt64(4),
        Revision = reader.GetString(5),
        Body = JsonDocument.Parse(reader.GetString(6)).RootElement.Clone(),
    };

    private static async Task<SubjectRecord?> ReadSubjectAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        return JsonSerializer.Deserialize<SubjectRecord>(reader.GetString(0), SubjectJson)! with { Revision = reader.GetString(1) };
    }
}
