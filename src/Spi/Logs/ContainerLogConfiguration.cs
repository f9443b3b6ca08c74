namespace OpenWhisk.Spi.Logs;

/// <summary>
/// The log driver, and its options, that action containers are created with: what a log store needs from the
/// container runtime (OpenWhisk's <c>LogStore.containerParameters</c>, there as <c>--log-driver</c> and
/// <c>--log-opt</c>). Container factories apply it to every container they create (see
/// <see cref="Containers.ContainerRequest.Logging"/>).
/// </summary>
public sealed record ContainerLogConfiguration
{
    /// <summary>Gets the engine's log driver, for example <c>json-file</c>, <c>local</c>, <c>fluentd</c> or <c>gelf</c>.</summary>
    public required string Driver { get; init; }

    /// <summary>Gets the driver's options (<c>--log-opt</c>), for example <c>max-size=10m</c>.</summary>
    public IReadOnlyDictionary<string, string> Options { get; init; } = new Dictionary<string, string>();
}
