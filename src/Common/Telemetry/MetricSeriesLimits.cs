using System.Diagnostics.Metrics;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// How many series each exported instrument keeps room for. OpenTelemetry sets aside that room when the instrument's
/// stream is created, about 90 bytes per series whether it is ever used or not (2 000 by default: some 180 KB per
/// instrument, most of it on the large object heap), so every limit here is what the instrument's labels can reach.
/// A series past its instrument's limit is counted under OpenTelemetry's overflow series, not lost.
/// </summary>
public static class MetricSeriesLimits
{
    /// <summary>The runtime's and Kestrel's instruments: a handful of labels with a few values each (GC generations, exception types, endpoints).</summary>
    public const int Framework = 128;

    /// <summary>ASP.NET Core's request instruments: method, route template, status code, scheme and protocol.</summary>
    public const int Requests = 1000;

    /// <summary>Room kept beyond the action series: the <c>_other</c> labels past the cap and the controller's own sequences.</summary>
    private const int Margin = 64;

    /// <summary>The per-action instruments whose series are one per (action, initiator) pair: no further label.</summary>
    private static readonly HashSet<string> OnePerActionSeries =
    [
        "openwhisk_action_waitTime",
        "openwhisk_action_initTime",
        "openwhisk_action_duration",
        "openwhisk_action_coldStarts",
        "openwhisk_action_response_size",
        "openwhisk_action_memory",
    ];

    /// <summary>The series limit of an instrument, or null for OpenTelemetry's default.</summary>
    /// <param name="instrument">The instrument.</param>
    /// <param name="maxActionSeries">The (action, initiator) pairs the per-action metrics keep (<see cref="TelemetryOptions.MaxActionSeries"/>).</param>
    /// <returns>The limit, or null.</returns>
    public static int? For(Instrument instrument, int maxActionSeries)
    {
        ArgumentNullException.ThrowIfNull(instrument);
        return instrument.Meter.Name switch
        {
            MeterNames.Activations when OnePerActionSeries.Contains(instrument.Name) => maxActionSeries + Margin,

            // Per pair and kind, memory, status or status code; the throttles' counters per namespace.
            MeterNames.Activations => Math.Max(2000, (maxActionSeries * 8) + Margin),
            "Microsoft.AspNetCore.Hosting" => Requests,
            "Microsoft.AspNetCore.Server.Kestrel" or "System.Runtime" => Framework,
            _ => null,
        };
    }
}
