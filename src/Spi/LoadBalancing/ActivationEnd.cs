namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>How a tracked activation finished (OpenWhisk's InvocationFinishedMessage).</summary>
public enum ActivationEnd
{
    /// <summary>Acknowledged with a result that is not a whisk error.</summary>
    Success,

    /// <summary>Acknowledged with a whisk (platform) error.</summary>
    SystemError,

    /// <summary>Forced to end because no completion arrived in time (the invoker may be unresponsive).</summary>
    Timeout,

    /// <summary>
    /// Forced to end because the balancer gave up its invoker (<see cref="IActivationTracker.ForceAllOnAsync"/>);
    /// says nothing new about that invoker's health.
    /// </summary>
    Abandoned,
}
