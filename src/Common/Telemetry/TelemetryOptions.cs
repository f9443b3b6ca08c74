using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Common.Telemetry;

/// <summary>Metrics and traces of a host (section <c>Telemetry</c>).</summary>
public sealed class TelemetryOptions
{
    /// <summary>Gets or sets a value indicating whether metrics are collected and served (default true).</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>Gets or sets the path Prometheus scrapes (default <c>/metrics</c>; an empty value serves none).</summary>
    public string MetricsPath { get; set; } = "/metrics";

    /// <summary>
    /// Gets or sets a value indicating whether clients other than the local machine may scrape <see cref="MetricsPath"/>
    /// (default false: the series name every namespace and action, so other clients get 403).
    /// </summary>
    public bool MetricsAllowRemote { get; set; }

    /// <summary>
    /// Gets or sets how many (action, initiator) series the per-action metrics keep (default 1000); the
    /// activations of any further pair are counted under the labels <c>_other</c>, so a flood of new actions or
    /// namespaces cannot make the series count explode.
    /// </summary>
    [Range(1, 1_000_000)]
    public int MaxActionSeries { get; set; } = 1000;

    /// <summary>
    /// Gets or sets the OTLP endpoint (e.g. <c>http://127.0.0.1:4317</c>) metrics and traces are also exported to;
    /// empty (the default) exports nothing.
    /// </summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether activations are traced (default false); the spans go to
    /// <see cref="OtlpEndpoint"/>, so this needs one.
    /// </summary>
    public bool Traces { get; set; }

    /// <summary>Gets or sets the share of traces recorded, from 0 to 1 (default 1), chosen by trace id (a caller's sampled flag does not override it).</summary>
    [Range(0.0, 1.0)]
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>Gets or sets the OTLP protocol: <c>grpc</c> (the default, port 4317) or <c>http</c> (protobuf over HTTP, port 4318).</summary>
    [RegularExpression("^(grpc|http)$", ErrorMessage = "Telemetry:OtlpProtocol must be grpc or http.")]
    public string OtlpProtocol { get; set; } = "grpc";
}
