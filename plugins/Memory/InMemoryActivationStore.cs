using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Memory;

/// <summary>An activation store in process memory (name <c>memory</c>), for tests and throwaway runs, with its journal of accepted activations.</summary>
public sealed class InMemoryActivationStore : IActivationStore, IActivationJournal, IActivationRetention
{
    /// <summary>The implementation name.</summary>
    public const string Name = "memory";

    private readonly Lock gate = new();
    private readonly Dictionary<(string Namespace, string Id), ActivationRecord> records = [];
    private readonly Dictionary<(string Namespace, string Id), AcceptedActivation> accepted = [];

    public Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (gate)
        {
            records[(record.Namespace, record.ActivationId)] = record;
            accepted.Remove((record.Namespace, record.ActivationId));
        }

        return Task.CompletedTask;
    }

    public Task<int> PurgeAsync(DateTimeOffset startedBefore, int maxRecords, CancellationToken cancellationToken)
    {
        var cutoff = startedBefore.ToUnixTimeMilliseconds();
        lock (gate)
        {
            var old = records.Where(r => r.Value.Start < cutoff).Take(maxRecords).Select(r => r.Key).ToList();
            foreach (var key in old)
            {
                records.Remove(key);
            }

            return Task.FromResult(old.Count);
        }
    }

    public Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        lock (gate)
        {
            this.accepted[(accepted.Fallback.Namespace, accepted.Fallback.ActivationId)] = accepted;
        }

        return Task.CompletedTask;
    }

    public Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            accepted.Remove((namespaceName, activationId));
        }

        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            IReadOnlyList<AcceptedActivation> overdue = accepted.Values
                .Where(a => a.Deadline < deadlineBefore && (controller is null || a.Controller == controller))
                .OrderBy(a => a.Deadline)
                .Take(limit)
                .ToList();
            return Task.FromResult(overdue);
        }
    }

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var key = (accepted.Fallback.Namespace, accepted.Fallback.ActivationId);
        lock (gate)
        {
            records.TryAdd(key, accepted.Fallback);
            this.accepted.Remove(key);
        }

        return Task.CompletedTask;
    }

    public Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.GetValueOrDefault((namespaceName, activationId)));
        }
    }

    public Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            IReadOnlyList<ActivationRecord> page = Matching(query).Skip(query.Skip).Take(query.Limit)
                .Select(r => query.WithoutResultAndLogs ? r with { Response = r.Response with { Result = null }, Logs = [] } : r)
                .ToList();
            return Task.FromResult(page);
        }
    }

    public Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        lock (gate)
        {
            return Task.FromResult((long)Matching(query).Count());
        }
    }

    public Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            return Task.FromResult(records.Remove((namespaceName, activationId)));
        }
    }

    private IEnumerable<ActivationRecord> Matching(ActivationQuery query) => records.Values
        .Where(r => r.Namespace == query.Namespace
            && (query.Name is null || ActivationPaths.RelativePath(r) == query.Name)
            && (query.Since is null || r.Start >= query.Since)
            && (query.Upto is null || r.Start <= query.Upto))
        .OrderByDescending(r => r.Start)
        .ThenBy(r => r.ActivationId, StringComparer.Ordinal);
}
