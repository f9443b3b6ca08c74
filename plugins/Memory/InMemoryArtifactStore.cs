using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Memory;

/// <summary>
/// An artifact store in process memory (name <c>memory</c>), for tests and throwaway runs; nothing survives a
/// restart.
/// </summary>
public sealed class InMemoryArtifactStore : IArtifactStore
{
    /// <summary>The implementation name.</summary>
    public const string Name = "memory";

    private readonly Lock gate = new();
    private readonly Dictionary<string, EntityDocument> documents = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SubjectRecord> subjects = new(StringComparer.Ordinal);

    public Task<EntityDocument?> GetAsync(string docId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(documents.GetValueOrDefault(docId));
        }
    }

    public Task<EntityDocument> PutAsync(EntityDocument document, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(document);
        lock (gate)
        {
            documents.TryGetValue(document.DocId, out var existing);
            if (existing?.Revision != document.Revision)
            {
                throw new DocumentConflictException();
            }

            var stored = document with { Revision = Revisions.Next(existing?.Revision) };
            documents[document.DocId] = stored;
            return Task.FromResult(stored);
        }
    }

    public Task<bool> DeleteAsync(string docId, string? revision, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            if (!documents.TryGetValue(docId, out var existing))
            {
                return Task.FromResult(false);
            }

            if (revision is not null && existing.Revision != revision)
            {
                throw new DocumentConflictException();
            }

            documents.Remove(docId);
            return Task.FromResult(true);
        }
    }

    public Task<IReadOnlyList<EntityDocument>> ListAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            IReadOnlyList<EntityDocument> page = Matching(query).Skip(query.Skip).Take(query.Limit)
                .Select(d => query.WithoutCode ? WithoutCode(d) : d)
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<long> CountAsync(EntityQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            return Task.FromResult((long)Matching(query).Count());
        }
    }

    public Task<SubjectRecord?> FindSubjectByUuidAsync(string uuid, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(subjects.Values.FirstOrDefault(s => s.Namespaces.Any(n => n.Uuid == uuid)));
        }
    }

    public Task<SubjectRecord?> FindSubjectByNamespaceAsync(string namespaceName, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(subjects.Values.FirstOrDefault(s => s.Namespaces.Any(n => n.Name == namespaceName)));
        }
    }

    public Task<SubjectRecord?> GetSubjectAsync(string subject, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(subjects.GetValueOrDefault(subject));
        }
    }

    public Task<SubjectRecord> PutSubjectAsync(SubjectRecord subject, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subject);
        lock (gate)
        {
            subjects.TryGetValue(subject.Subject, out var existing);
            if (existing?.Revision != subject.Revision)
            {
                throw new DocumentConflictException();
            }

            var taken = subjects.Values.Any(other => other.Subject != subject.Subject
                && other.Namespaces.Any(n => subject.Namespaces.Any(m => m.Uuid == n.Uuid || m.Name == n.Name)));
            if (taken)
            {
                throw new DocumentConflictException("A namespace or key of this subject belongs to another subject.");
            }

            var stored = subject with { Revision = Revisions.Next(existing?.Revision) };
            subjects[subject.Subject] = stored;
            return Task.FromResult(stored);
        }
    }

    private IEnumerable<EntityDocument> Matching(EntityQuery query) => documents.Values
        .Where(d => d.EntityType == query.EntityType
            && (query.AllNamespaces || d.Namespace == query.Namespace || (query.IncludeNested && d.Namespace.StartsWith(query.Namespace + "/", StringComparison.Ordinal)))
            && (!query.PublicOnly || IsPublished(d)))
        .OrderByDescending(d => d.Updated)
        .ThenBy(d => d.DocId, StringComparer.Ordinal);

    private static EntityDocument WithoutCode(EntityDocument document)
    {
        if (!document.Body.TryGetProperty("exec", out var exec) || !exec.TryGetProperty("code", out _))
        {
            return document;
        }

        var body = System.Text.Json.Nodes.JsonObject.Create(document.Body)!;
        body["exec"]!.AsObject().Remove("code");
        return document with { Body = System.Text.Json.JsonSerializer.SerializeToElement(body) };
    }

    private static bool IsPublished(EntityDocument document) =>
        document.Body.ValueKind == System.Text.Json.JsonValueKind.Object
        && document.Body.TryGetProperty("publish", out var publish)
        && publish.ValueKind == System.Text.Json.JsonValueKind.True;
}
