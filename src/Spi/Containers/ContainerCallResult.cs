namespace OpenWhisk.Spi.Containers;

/// <summary>
/// The raw outcome of an <c>/init</c> or <c>/run</c> call. The invoker, not the container, turns it into an
/// activation response, so every container factory is interpreted by the same rules.
/// </summary>
public sealed record ContainerCallResult
{
    /// <summary>Gets when the call started.</summary>
    public required DateTimeOffset Start { get; init; }

    /// <summary>Gets when the call ended.</summary>
    public required DateTimeOffset End { get; init; }

    /// <summary>Gets the HTTP status code, when a response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Gets the response body (possibly truncated), when a response arrived.</summary>
    public string? Body { get; init; }

    /// <summary>Gets the full length of the response body in bytes, when known.</summary>
    public long? ContentLength { get; init; }

    /// <summary>Gets a value indicating whether <see cref="Body"/> was cut to the truncation size.</summary>
    public bool Truncated { get; init; }

    /// <summary>Gets why no response arrived, or <see cref="ContainerCallFailure.None"/>.</summary>
    public ContainerCallFailure Failure { get; init; }

    /// <summary>Gets a description of the failure, for logs.</summary>
    public string? FailureDetail { get; init; }

    /// <summary>Gets how long the call took.</summary>
    public TimeSpan Duration => End - Start;

    /// <summary>Creates a result for a response.</summary>
    /// <param name="start">When the call started.</param>
    /// <param name="end">When it ended.</param>
    /// <param name="statusCode">The HTTP status.</param>
    /// <param name="body">The body.</param>
    /// <returns>The result.</returns>
    public static ContainerCallResult Responded(DateTimeOffset start, DateTimeOffset end, int statusCode, string body) =>
        new() { Start = start, End = end, StatusCode = statusCode, Body = body, ContentLength = System.Text.Encoding.UTF8.GetByteCount(body) };

    /// <summary>Creates a result for a call that got no response.</summary>
    /// <param name="start">When the call started.</param>
    /// <param name="end">When it ended.</param>
    /// <param name="failure">Why.</param>
    /// <param name="detail">A description.</param>
    /// <returns>The result.</returns>
    public static ContainerCallResult Failed(DateTimeOffset start, DateTimeOffset end, ContainerCallFailure failure, string? detail = null) =>
        new() { Start = start, End = end, Failure = failure, FailureDetail = detail };
}
