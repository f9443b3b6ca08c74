using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Invoker.Pool;

/// <summary>
/// A container proxy's state: one immutable record per phase of OpenWhisk's ContainerProxy state machine, holding what
/// only that phase has (the container once there is one, the activations running, whether the container is
/// initialized or must go). The proxy replaces its record on every change; <see cref="ContainerProxyState"/> names it.
/// </summary>
internal sealed partial class ContainerProxy
{
    private abstract record Phase(ContainerProxyState State)
    {
        /// <summary>Gets the container, once there is one.</summary>
        public virtual IContainer? Current => null;
    }

    /// <summary>No container yet.</summary>
    private sealed record EmptyPhase() : Phase(ContainerProxyState.Uninitialized);

    /// <summary>A stem cell is being created.</summary>
    private sealed record StartingPhase() : Phase(ContainerProxyState.Starting);

    /// <summary>A stem cell waits for its first activation.</summary>
    private sealed record StemCellPhase(IContainer Container) : Phase(ContainerProxyState.Started)
    {
        public override IContainer? Current => Container;
    }

    /// <summary>
    /// Activations run, or the container is being created or prepared for them (<paramref name="Container"/> null until
    /// created). <paramref name="Initialized"/>: <c>/init</c> succeeded, buffered jobs may run; <paramref name="Condemned"/>:
    /// collecting logs failed, the container goes once idle.
    /// </summary>
    private sealed record RunningPhase(IContainer? Container, int Active, bool Initialized, bool Condemned) : Phase(ContainerProxyState.Running)
    {
        public override IContainer? Current => Container;
    }

    /// <summary>Idle and unpaused, within the pause grace.</summary>
    private sealed record ReadyPhase(IContainer Container) : Phase(ContainerProxyState.Ready)
    {
        public override IContainer? Current => Container;
    }

    /// <summary>Being paused.</summary>
    private sealed record PausingPhase(IContainer Container) : Phase(ContainerProxyState.Pausing)
    {
        public override IContainer? Current => Container;
    }

    /// <summary>Paused, until reused or removed.</summary>
    private sealed record PausedPhase(IContainer Container) : Phase(ContainerProxyState.Paused)
    {
        public override IContainer? Current => Container;
    }

    /// <summary>
    /// Going away. <paramref name="Active"/> activations still finish (and the removal waits for them unless
    /// <paramref name="Destroying"/> started it); <paramref name="Rescheduling"/>: its job came back to the pool, which
    /// then expects no new work from the removal.
    /// </summary>
    private sealed record RemovingPhase(IContainer? Container, int Active, bool Rescheduling, bool Destroying) : Phase(ContainerProxyState.Removing)
    {
        public override IContainer? Current => Container;
    }
}
