namespace OpenWhisk.Spi.Containers;

/// <summary>How to read the log lines of the activation that just ran in a container.</summary>
public sealed record ContainerLogRequest
{
    /// <summary>Gets the most bytes of log to keep; lines beyond it are consumed and dropped.</summary>
    public required long LimitBytes { get; init; }

    /// <summary>
    /// Gets a value indicating whether to read until the proxy's end-of-activation sentinel has appeared on both
    /// stdout and stderr (otherwise read what is there).
    /// </summary>
    public bool WaitForSentinel { get; init; } = true;

    /// <summary>Gets how long to wait for the next line before giving up on the sentinels.</summary>
    public TimeSpan IdleTimeout { get; init; } = TimeSpan.FromSeconds(2);
}
