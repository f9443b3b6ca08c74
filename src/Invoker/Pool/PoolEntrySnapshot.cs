using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>One container as the pool sees it.</summary>
/// <param name="Proxy">The proxy's number.</param>
/// <param name="Kind">The pool's view of the container.</param>
/// <param name="State">The proxy's own state.</param>
/// <param name="Action">The action it holds, if any.</param>
/// <param name="RuntimeKind">The runtime kind of a stem cell.</param>
/// <param name="MemoryMb">Its memory.</param>
/// <param name="ActiveCount">Jobs the pool sent it that have not finished.</param>
/// <param name="LastUsed">When it was last given a job.</param>
/// <param name="Busy">Whether it is at its concurrency limit.</param>
public sealed record PoolEntrySnapshot(
    int Proxy,
    PoolEntryKind Kind,
    ContainerProxyState State,
    ActionKey? Action,
    string? RuntimeKind,
    int MemoryMb,
    int ActiveCount,
    DateTimeOffset LastUsed,
    bool Busy);
