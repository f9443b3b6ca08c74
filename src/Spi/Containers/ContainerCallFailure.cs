namespace OpenWhisk.Spi.Containers;

/// <summary>Why a call to an action container produced no usable HTTP response.</summary>
public enum ContainerCallFailure
{
    /// <summary>A response arrived.</summary>
    None,

    /// <summary>The call did not finish within its timeout.</summary>
    Timeout,

    /// <summary>No connection could be made (for <c>/init</c>, only after retrying until the timeout).</summary>
    ConnectionFailed,

    /// <summary>The connection broke, or the response had no body or no <c>Content-Length</c>.</summary>
    NoResponse,

    /// <summary>The container was killed because it exceeded its memory limit.</summary>
    MemoryExhausted,
}
