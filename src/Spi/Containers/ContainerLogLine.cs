namespace OpenWhisk.Spi.Containers;

/// <summary>One line an action wrote.</summary>
/// <param name="Time">The timestamp as the container runtime wrote it (RFC 3339 with nanoseconds).</param>
/// <param name="Stream"><c>stdout</c> or <c>stderr</c>.</param>
/// <param name="Message">The line without its trailing newline.</param>
public sealed record ContainerLogLine(string Time, string Stream, string Message);
