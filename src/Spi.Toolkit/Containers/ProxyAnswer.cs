namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>What an action proxy answered one request.</summary>
/// <param name="StatusCode">The HTTP status.</param>
/// <param name="ContentLength">The declared body length, or null when the answer declared none.</param>
/// <param name="Body">The body read (cut to the truncation size), or null without a declared length.</param>
/// <param name="Truncated">Whether the body was longer than allowed and was cut.</param>
internal readonly record struct ProxyAnswer(int StatusCode, long? ContentLength, string? Body, bool Truncated);
