namespace OpenWhisk.Spi.Containers;

/// <summary>Limits of one <c>/init</c> or <c>/run</c> call to an action container.</summary>
public sealed record ContainerCallOptions
{
    /// <summary>Gets how long the call may take; the action's time limit.</summary>
    public required TimeSpan Timeout { get; init; }

    /// <summary>Gets how many calls may be in flight in this container at once.</summary>
    public int MaxConcurrent { get; init; } = 1;

    /// <summary>Gets the largest response body read whole; a larger one is truncated.</summary>
    public int MaxResponseBytes { get; init; } = 1024 * 1024;

    /// <summary>Gets how many bytes of a too-large response are kept.</summary>
    public int TruncationBytes { get; init; } = 1024 * 1024;

    /// <summary>
    /// Gets a value indicating whether the container was reused warm; a connection failure then reports
    /// <see cref="ContainerCallFailure.ConnectionFailed"/> at once so that the activation can be rescheduled.
    /// </summary>
    public bool Reschedule { get; init; }
}
