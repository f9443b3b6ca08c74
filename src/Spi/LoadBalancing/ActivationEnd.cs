namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>How a tracked activation finished (OpenWhisk's InvocationFinishedMessage).</summary>
public enum ActivationEnd
{
    /// <summary>Acknowledged with a result that is not a whisk error.</summary>
    Success,

    /// <summary>Acknowledged with a whisk (platform) error.</summary>
    SystemError,

    /// <summary>Forced to end: no completion arrived in time, or its invoker went away.</summary>
    Timeout,
}
