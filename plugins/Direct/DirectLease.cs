namespace OpenWhisk.Plugins.Direct;

/// <summary>One activation's room in a shared container; given back exactly once, however its run ends.</summary>
/// <param name="container">The container.</param>
internal sealed class DirectLease(SharedContainer container)
{
    private int released;

    public SharedContainer Container { get; } = container;

    /// <summary>Marks the lease given back; false when it already was.</summary>
    public bool TryRelease() => Interlocked.Exchange(ref released, 1) == 0;
}
