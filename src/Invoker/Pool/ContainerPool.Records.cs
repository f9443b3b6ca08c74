using OpenWhisk.Common.Execution;

namespace OpenWhisk.Invoker.Pool;

/// <summary>The pool's record of each container and the messages of its mailbox.</summary>
internal sealed partial class ContainerPool
{
    /// <summary>The pool's record of one container.</summary>
    private sealed class Entry(ContainerProxy proxy)
    {
        public ContainerProxy Proxy { get; } = proxy;

        public PoolEntryKind Kind { get; set; }

        public ActionKey? Key { get; set; }

        public string? RuntimeKind { get; set; }

        public int MemoryMb { get; set; }

        public int MaxConcurrent { get; set; } = 1;

        public int ActiveCount { get; set; }

        public DateTimeOffset LastUsed { get; set; }

        public DateTimeOffset? Expires { get; set; }

        public bool HasCapacity => Kind is PoolEntryKind.Cold or PoolEntryKind.Prewarmed || ActiveCount < MaxConcurrent;
    }

    private sealed record StartRequest;

    private sealed record RunRequest(ActivationJob Job, bool Rescheduled);

    private sealed record NeedWorkMessage(ContainerProxy Proxy, ActionKey Key);

    private sealed record PrewarmReadyMessage(ContainerProxy Proxy);

    private sealed record ContainerRemovedMessage(ContainerProxy Proxy, bool ReplacePrewarm);

    private sealed record RescheduleJobMessage(ContainerProxy Proxy);

    private sealed record ProxyStoppedMessage(ContainerProxy Proxy);

    private sealed record PrewarmCheckDue;

    private sealed record BackfillDue;

    private sealed record CapacityChanged(int MemoryMb);

    private sealed record PrewarmFailedMessage(ContainerProxy Proxy, string Reason);

    private sealed record SnapshotRequest(TaskCompletionSource<PoolSnapshot> Reply);

    private sealed record ShutdownRequest(TaskCompletionSource Done);
}
