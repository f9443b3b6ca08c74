using System.Collections.Concurrent;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

/// <summary>A tracker that remembers what the balancer asked of it and ends activations when told to.</summary>
internal sealed class RecordingActivationTracker : IActivationTracker, IActivationTrackerFactory
{
    private readonly ConcurrentDictionary<string, (ActivationMessage Message, string Target, Action<ActivationMessage, ActivationEnd>? Completed)> active = new();

    public ConcurrentQueue<string> Cancelled { get; } = new();

    public ConcurrentQueue<string> Forced { get; } = new();

    public int Total => active.Count;

    public IActivationTracker Create(string balancerName) => this;

    public int ActiveFor(string namespaceUuid) => active.Values.Count(a => a.Message.User.Namespace.Uuid == namespaceUuid);

    public int ActiveOn(string target) => active.Values.Count(a => a.Target == target);

    public IReadOnlyList<ActiveActivation> Snapshot() =>
        [.. active.Select(a => new ActiveActivation(a.Key, a.Value.Message.Action.FullyQualifiedName, a.Value.Target))];

    public string TargetOf(string activationId) => active[activationId].Target;

    public ActivationPublication Track(WhiskAction action, ActivationMessage message, string target, Action<ActivationMessage, ActivationEnd>? completed = null)
    {
        active[message.ActivationId] = (message, target, completed);
        return new ActivationPublication(message.ActivationId, new TaskCompletionSource<ActivationOutcome>().Task, Task.CompletedTask);
    }

    public bool Process(Acknowledgement acknowledgement)
    {
        if (!acknowledgement.FreesSlot)
        {
            return active.ContainsKey(acknowledgement.ActivationId);
        }

        return End(acknowledgement.ActivationId, acknowledgement.IsSystemError ? ActivationEnd.SystemError : ActivationEnd.Success);
    }

    public void Cancel(string activationId)
    {
        active.TryRemove(activationId, out _);
        Cancelled.Enqueue(activationId);
    }

    public Task ForceAllOnAsync(string target)
    {
        foreach (var id in active.Where(a => a.Value.Target == target).Select(a => a.Key).ToList())
        {
            Forced.Enqueue(id);
            End(id, ActivationEnd.Abandoned);
        }

        return Task.CompletedTask;
    }

    public void Dispose()
    {
    }

    private bool End(string activationId, ActivationEnd end)
    {
        if (!active.TryRemove(activationId, out var entry))
        {
            return false;
        }

        entry.Completed?.Invoke(entry.Message, end);
        return true;
    }
}
