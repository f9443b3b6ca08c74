using OpenWhisk.Execution;
using OpenWhisk.Spi.Scheduling;

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

        public int MemoryMb { get; init; }

        public int MaxConcurrent { get; set; } = 1;

        public int ActiveCount { get; set; }

        public DateTimeOffset LastUsed { get; set; }

        public DateTimeOffset? Expires { get; set; }

        public bool HasCapacity => Kind is PoolEntryKind.Cold or PoolEntryKind.Prewarmed || ActiveCount < MaxConcurrent;

        /// <summary>The entry as its scheduling policy sees it; made again only when something changed.</summary>
        public PoolContainer View()
        {
            if (view is not { } v || v.Kind != Kind || v.ActiveCount != ActiveCount || v.LastUsed != LastUsed || v.Action != Key
                || v.MemoryMb != MemoryMb || v.MaxConcurrent != MaxConcurrent || v.Expires != Expires || !ReferenceEquals(v.RuntimeKind, RuntimeKind))
            {
                view = new PoolContainer(Proxy.Number, Kind, Key, RuntimeKind, MemoryMb, ActiveCount, MaxConcurrent, LastUsed, Expires);
            }

            return view;
        }

        private PoolContainer? view;
    }

    /// <summary>A job in the run buffer; a rescheduled one is not a new arrival for the policy.</summary>
    private readonly record struct BufferedJob(ActivationJob Job, bool Rescheduled);

    private sealed record PreparedMessage(ContainerProxy Proxy) : PoolMessage;

    private sealed record PrepareDue(ActionKey Key, object Token, ContainerPreparation Preparation) : PoolMessage;

    private sealed record StartRequest : PoolMessage;

    private sealed record RunRequest(ActivationJob Job, bool Rescheduled) : PoolMessage;

    private sealed record NeedWorkMessage(ContainerProxy Proxy, ActionKey Key) : PoolMessage;

    private sealed record PrewarmReadyMessage(ContainerProxy Proxy) : PoolMessage;

    private sealed record ContainerRemovedMessage(ContainerProxy Proxy, bool ReplacePrewarm) : PoolMessage;

    private sealed record RescheduleJobMessage(ContainerProxy Proxy) : PoolMessage;

    private sealed record ProxyStoppedMessage(ContainerProxy Proxy) : PoolMessage;

    private sealed record PrewarmCheckDue : PoolMessage;

    private sealed record BackfillDue : PoolMessage;

    private sealed record CapacityChanged(int MemoryMb) : PoolMessage;

    private sealed record PrewarmFailedMessage(ContainerProxy Proxy, string Reason) : PoolMessage;

    private sealed record SnapshotRequest(TaskCompletionSource<PoolSnapshot> Reply) : PoolMessage;

    private sealed record ShutdownRequest(TaskCompletionSource Done) : PoolMessage;
}
