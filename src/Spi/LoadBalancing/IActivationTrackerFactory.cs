namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>Creates activation trackers; provided by the controller to every balancer.</summary>
public interface IActivationTrackerFactory
{
    /// <summary>Creates a tracker for one balancer.</summary>
    /// <param name="balancerName">The balancer's name, for logs.</param>
    /// <returns>A new tracker; dispose it with the balancer.</returns>
    IActivationTracker Create(string balancerName);

    /// <summary>
    /// Creates a tracker for one balancer, choosing where those who await an activation's result or end continue.
    /// </summary>
    /// <param name="balancerName">The balancer's name, for logs.</param>
    /// <param name="continueOnAcknowledgingThread">
    /// <see langword="true"/> when each acknowledgement comes on a thread of its activation's own (an invoker in the
    /// same process): awaiters continue there, before <see cref="IActivationTracker.Process"/> returns, and no thread
    /// is woken for them. Leave it <see langword="false"/> when one loop reads every acknowledgement (a consumer of a
    /// bus): continuing there would make that loop write every caller's answer in turn.
    /// </param>
    /// <returns>A new tracker; dispose it with the balancer.</returns>
    IActivationTracker Create(string balancerName, bool continueOnAcknowledgingThread) => Create(balancerName);
}
