using OpenWhisk.Execution;
using OpenWhisk.Spi.Scheduling;

namespace OpenWhisk.Invoker.Pool;

/// <summary>What a container proxy tells its pool. Every call posts a message to the pool's mailbox.</summary>
internal interface IContainerPoolParent
{
    /// <summary>A stem cell finished starting.</summary>
    void PrewarmReady(ContainerProxy proxy);

    /// <summary>A stem cell could not be created (for <paramref name="reason"/>); the proxy is going away.</summary>
    void PrewarmFailed(ContainerProxy proxy, string reason);

    /// <summary>The proxy finished an activation of <paramref name="key"/> and can take another.</summary>
    void NeedWork(ContainerProxy proxy, ActionKey key);

    /// <summary>The proxy is going away; its memory is free once it has stopped (<see cref="ProxyStopped"/>).</summary>
    void ContainerRemoved(ContainerProxy proxy, bool replacePrewarm);

    /// <summary>The proxy is going away and its job came back; its memory is free once it has stopped, no new work is due.</summary>
    void RescheduleJob(ContainerProxy proxy);

    /// <summary>A job the proxy could not run; place it again.</summary>
    void Reschedule(ActivationJob job);

    /// <summary>A job finished for good (reported and stored); one more may be taken from the bus.</summary>
    void JobFinished(ActivationJob job);

    /// <summary>A container prepared ahead of its action's arrival is initialized: it is warm.</summary>
    void Prepared(ContainerProxy proxy);

    /// <summary>The proxy's loop ended.</summary>
    void ProxyStopped(ContainerProxy proxy);
}
