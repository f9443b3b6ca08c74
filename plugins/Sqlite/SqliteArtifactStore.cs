using System.Text.Json;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The embedded artifact store (name <c>sqlite</c>): entities and subjects in a SQLite file that survives
/// restarts, with revision checks done in the UPDATE statements so concurrent writers cannot lose updates.
/// </summary>
public sealed class SqliteArtifactStore(SqliteDatabase database) : IArtifactStore
{
    /// <summary>The implementation name.</summary>
    public const string Name = "sqlite";

    private static readonly JsonSerializerOptions SubjectJson = new(JsonSerializerDefaults.Web);

    public Task<EntityDocument?> GetAsync(string docId, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT doc_id, entity_type, namespace, name, updated, revision, body FROM entities WHERE doc_id = $id";
        command.Parameters.AddWithValue("$id", docId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadDocument(reader) : null;
    }, cancellationToken);

    public Task<EntityDocument> PutAsync(EntityDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        return RunAsync(async connection =>
        {
            var revision = Revisions.Next(document.Revision);
            await using var command = connection.CreateCommand();
            command.CommandText = document.Revision is null
                ? """
                  INSERT INTO entities (doc_id, entity_type, namespace, root_namespace, name, updated, revision, body)
                  VALUES ($id, $type, $namespace, $root, $name, $updated, $revision, $body)
                  """
                : """
                  UPDATE entities SET entity_type = $type, namespace = $namespace, root_namespace = $root, name = $name,
                      updated = $updated, revision = $revision, body = $body
                  WHERE doc_id = $id AND revision = $expected
                  """;
            command.Parameters.AddWithValue("$id", document.DocId);
            command.Parameters.AddWithValue("$type", document.EntityType);
            command.Parameters.AddWithValue("$namespace", document.Namespace);
            command.Parameters.AddWithValue("$root", document.RootNamespace);
            command.Parameters.AddWithValue("$name", document.Name);
            command.Parameters.AddWithValue("$updated", document.Updated);
            command.Parameters.AddWithValue("$revision", revision);
            command.Parameters.AddWithValue("$body", document.Body.GetRawText());
            command.Parameters.AddWithValue("$expected", (object?)document.Revision ?? DBNull.Value);
            try
            {
                if (await command.ExecuteNonQueryAsync(cancellationToken) == 0)
                {
                    throw new DocumentConflictException();
                }
            }
            catch (SqliteException exception) when (SqliteErrors.IsConstraint(exception))
            {
                throw new DocumentConflictException("resource already exists", exception);
            }

            return document with { Revision = revision };
        }, cancellationToken);
    }

    public Task<bool> DeleteAsync(string docId, string? revision, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = revision is null
            ? "DELETE FROM entities WHERE doc_id = $id"
            : "DELETE FROM entities WHERE doc_id = $id AND revision = $revision";
        command.Parameters.AddWithValue("$id", docId);
        command.Parameters.AddWithValue("$revision", (object?)revision ?? DBNull.Value);
        if (await command.ExecuteNonQueryAsync(cancellationToken) > 0)
        {
            return true;
        }

        await using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT 1 FROM entities WHERE doc_id = $id";
        exists.Parameters.AddWithValue("$id", docId);
        return await exists.ExecuteScalarAsync(cancellationToken) is null ? false : throw new DocumentConflictException();
    }, cancellationToken);

    public Task<IReadOnlyList<EntityDocument>> ListAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync<IReadOnlyList<EntityDocument>>(async connection =>
        {
            var body = query.WithoutCode ? "json_remove(body, '$.exec.code')" : "body";
            await using var command = Query(connection, query, "doc_id, entity_type, namespace, name, updated, revision, " + body);
            command.CommandText += " ORDER BY updated DESC, doc_id LIMIT $limit OFFSET $skip";
            command.Parameters.AddWithValue("$limit", query.Limit);
            command.Parameters.AddWithValue("$skip", query.Skip);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            var documents = new List<EntityDocument>();
            while (await reader.ReadAsync(cancellationToken))
            {
                documents.Add(ReadDocument(reader));
            }

            return documents;
        }, cancellationToken);
    }

    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return RunAsync(async connection =>
        {
            await using var command = Query(connection, query, "COUNT(*)");
            return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
        }, cancellationToken);
    }

    public Task<SubjectRecord?> FindSubjectByUuidAsync(string uuid, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.body, s.revision FROM subject_keys k JOIN subjects s ON s.subject = k.subject WHERE k.uuid = $uuid";
        command.Parameters.AddWithValue("$uuid", uuid);
        return await ReadSubjectAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<SubjectRecord?> FindSubjectByNamespaceAsync(string namespaceName, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT s.body, s.revision FROM subject_keys k JOIN subjects s ON s.subject = k.subject WHERE k.namespace = $namespace";
        command.Parameters.AddWithValue("$namespace", namespaceName);
        return await ReadSubjectAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<SubjectRecord?> GetSubjectAsync(string subject, CancellationToken cancellationToken) => RunAsync(async connection =>
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT body, revision FROM subjects WHERE subject = $subject";
        command.Parameters.AddWithValue("$subject", subject);
        return await ReadSubjectAsync(command, cancellationToken);
    }, cancellationToken);

    public Task<SubjectRecord> PutSubjectAsync(SubjectRecord subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        return RunAsync(async connection =>
        {
            var revision = Revisions.Next(subject.Revision);
            await using var transaction = (SqliteTransaction)await connection.BeginTransactionAsync(cancellationToken);
            await using (var write = connection.CreateCommand())
            {
                write.Transaction = transaction;
                write.CommandText = subject.Revision is null
                    ? "INSERT INTO subjects (subject, revision, body) VALUES ($subject, $revision, $body)"
                    : "UPDATE subjects SET revision = $revision, body = $body WHERE subject = $subject AND revision = $expected";
                write.Parameters.AddWithValue("$subject", subject.Subject);
                write.Parameters.AddWithValue("$revision", revision);
                write.Parameters.AddWithValue("$body", JsonSerializer.Serialize(subject with { Revision = null }, SubjectJson));
                write.Parameters.AddWithValue("$expected", (object?)subject.Revision ?? DBNull.Value);
                try
                {
                    if (await write.ExecuteNonQueryAsync(cancellationToken) == 0)
                    {
                        throw new DocumentConflictException();
                    }
                }
                catch (SqliteException exception) when (SqliteErrors.IsConstraint(exception))
                {
                    throw new DocumentConflictException("resource already exists", exception);
                }
            }

            await using (var clear = connection.CreateCommand())
            {
                clear.Transaction = transaction;
                clear.CommandText = "DELETE FROM subject_keys WHERE subject = $subject";
                clear.Parameters.AddWithValue("$subject", subject.Subject);
                await clear.ExecuteNonQueryAsync(cancellationToken);
            }

            foreach (var ns in subject.Namespaces)
            {
                await using var key = connection.CreateCommand();
                key.Transaction = transaction;
                key.CommandText = "INSERT INTO subject_keys (uuid, namespace, subject) VALUES ($uuid, $namespace, $subject)";
                key.Parameters.AddWithValue("$uuid", ns.Uuid);
                key.Parameters.AddWithValue("$namespace", ns.Name);
                key.Parameters.AddWithValue("$subject", subject.Subject);
                try
                {
                    await key.ExecuteNonQueryAsync(cancellationToken);
                }
                catch (SqliteException exception) when (SqliteErrors.IsConstraint(exception))
                {
                    throw new DocumentConflictException("A namespace or key of this subject belongs to another subject.", exception);
                }
            }

            await transaction.CommitAsync(cancellationToken);
            return subject with { Revision = revision };
        }, cancellationToken);
    }

    private static SqliteCommand Query(SqliteConnection connection, EntityQuery query, string columns)
    {
        var command = connection.CreateCommand();
        var rootOnly = query.IncludeNested && !query.Namespace.Contains('/', StringComparison.Ordinal);
        command.CommandText = query.AllNamespaces
            ? $"SELECT {columns} FROM entities WHERE entity_type = $type"
            : rootOnly
            ? $"SELECT {columns} FROM entities WHERE entity_type = $type AND root_namespace = $namespace"
            : query.IncludeNested
                ? $"SELECT {columns} FROM entities WHERE entity_type = $type AND (namespace = $namespace OR namespace LIKE $prefix ESCAPE '\\')"
                : $"SELECT {columns} FROM entities WHERE entity_type = $type AND namespace = $namespace";
        if (query.PublicOnly)
        {
            command.CommandText += " AND json_extract(body, '$.publish') = 1";
        }

        command.Parameters.AddWithValue("$type", query.EntityType);
        command.Parameters.AddWithValue("$namespace", query.Namespace);
        command.Parameters.AddWithValue("$prefix", query.Namespace.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "/%");
        return command;
    }

    private static EntityDocument ReadDocument(SqliteDataReader reader) => new()
    {
        DocId = reader.GetString(0),
        EntityType = reader.GetString(1),
        Namespace = reader.GetString(2),
        Name = reader.GetString(3),
        Updated = reader.GetInt64(4),
        Revision = reader.GetString(5),
        Body = JsonDocument.Parse(reader.GetString(6)).RootElement.Clone(),
    };

    private static async Task<SubjectRecord?> ReadSubjectAsync(SqliteCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var subject = JsonSerializer.Deserialize<SubjectRecord>(reader.GetString(0), SubjectJson)!;
        return subject with { Revision = reader.GetString(1) };
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
}
