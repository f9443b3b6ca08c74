namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>Creates activation trackers; provided by the controller to every balancer.</summary>
public interface IActivationTrackerFactory
{
    /// <summary>Creates a tracker for one balancer.</summary>
    /// <param name="balancerName">The balancer's name, for logs.</param>
    /// <returns>A new tracker; dispose it with the balancer.</returns>
    IActivationTracker Create(string balancerName);
}
