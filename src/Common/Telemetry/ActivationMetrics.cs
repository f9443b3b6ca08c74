using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// The per-action metrics of OpenWhisk's user-events service, with its names, labels and buckets (so its Grafana
/// dashboards work): recorded once per activation record, where records are stored (the invoker's actions, the
/// controller's sequences and compositions; trigger records carry no kind and count nowhere, as in OpenWhisk), and
/// the throttles' refusals.
/// </summary>
public sealed class ActivationMetrics
{
    private static readonly double[] SecondsBuckets = [0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
    private static readonly long[] SizeBuckets = [.. Enumerable.Range(0, 10).Select(i => i * 1048576L)];

    private readonly ActionSeriesCap cap;
    private readonly Counter<long> activations;
    private readonly Counter<long> coldStarts;
    private readonly Histogram<double> waitTime;
    private readonly Histogram<double> initTime;
    private readonly Histogram<double> duration;
    private readonly Histogram<long> responseSize;
    private readonly UpDownCounter<long> status;
    private readonly UpDownCounter<long> statusCode;
    private readonly Gauge<long> memory;
    private readonly Counter<long> limitConcurrent;
    private readonly Counter<long> limitTimed;

    /// <summary>Initializes a new instance of the <see cref="ActivationMetrics"/> class.</summary>
    /// <param name="meterFactory">Creates the meter (disposed with the host).</param>
    /// <param name="options">The series cap.</param>
    public ActivationMetrics(IMeterFactory meterFactory, IOptions<TelemetryOptions> options)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(options);
        cap = new ActionSeriesCap(options.Value.MaxActionSeries);
        var meter = meterFactory.Create(MeterNames.Activations);
        activations = meter.CreateCounter<long>("openwhisk_action_activations", description: "Activations of an action.");
        coldStarts = meter.CreateCounter<long>("openwhisk_action_coldStarts", description: "Activations that initialized their container.");
        var seconds = new InstrumentAdvice<double> { HistogramBucketBoundaries = SecondsBuckets };
        waitTime = meter.CreateHistogram("openwhisk_action_waitTime", "s", "Time from the request to the container call.", advice: seconds);
        initTime = meter.CreateHistogram("openwhisk_action_initTime", "s", "Time the action's /init took (cold starts only).", advice: seconds);
        duration = meter.CreateHistogram("openwhisk_action_duration", "s", "Time the activation ran, init included.", advice: seconds);
        responseSize = meter.CreateHistogram(
            "openwhisk_action_response_size", "By", "Size of the action's response.", advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = SizeBuckets });

        // OpenWhisk names these two without the _total a counter gets: as up-down counters (which only go up) they keep their names.
        status = meter.CreateUpDownCounter<long>("openwhisk_action_status", description: "Activations by status.");
        statusCode = meter.CreateUpDownCounter<long>("openwhisk_action_status_code", description: "Activations by the status code the action returned.");
        memory = meter.CreateGauge<long>("openwhisk_action_memory", description: "The action's memory limit in MB.");
        limitConcurrent = meter.CreateCounter<long>("openwhisk_action_limit_concurrent", description: "Invocations refused for too many activations in flight.");
        limitTimed = meter.CreateCounter<long>("openwhisk_action_limit_timed", description: "Invocations and fires refused for too many per minute.");
    }

    /// <summary>Gets the (action, initiator) pairs with series of their own.</summary>
    public int ActionSeries => cap.Count;

    /// <summary>Records one activation from its record; records without <c>path</c> and <c>kind</c> annotations (triggers) are skipped.</summary>
    /// <param name="record">The record.</param>
    public void Record(ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        if (!(activations.Enabled || coldStarts.Enabled || waitTime.Enabled || initTime.Enabled || duration.Enabled
            || responseSize.Enabled || status.Enabled || statusCode.Enabled || memory.Enabled))
        {
            return;
        }

        var facts = RecordFacts.From(record);
        if (facts.Path is null || facts.Kind is null)
        {
            return;
        }

        var labels = cap.LabelsFor(facts.Path, record.Namespace);
        var series = new TagList { { "namespace", labels.Namespace }, { "initiator", labels.Initiator }, { "action", labels.Action } };
        var counted = series;
        counted.Add("kind", facts.Kind);
        counted.Add("memory", MemoryLabel(facts.MemoryMb));
        activations.Add(1, counted);
        waitTime.Record(facts.WaitMs / 1000.0, series);
        duration.Record((record.Duration ?? 0) / 1000.0, series);
        if (facts.InitMs > 0)
        {
            coldStarts.Add(1, series);
            initTime.Record(facts.InitMs / 1000.0, series);
        }

        if (record.Response.Size is { } size)
        {
            responseSize.Record(size, series);
        }

        var withStatus = series;
        withStatus.Add("status", StatusLabel(record.Response.StatusCode));
        status.Add(1, withStatus);
        if (UserStatusCode(record.Response.Result) is { } code)
        {
            var withCode = series;
            withCode.Add("status_code", CodeLabel(code));
            statusCode.Add(1, withCode);
        }

        memory.Record(facts.MemoryMb, series);
    }

    /// <summary>Counts an invocation refused with 429.</summary>
    /// <param name="namespaceName">The refused namespace.</param>
    /// <param name="concurrent">Whether the concurrency limit refused it (else the per-minute one).</param>
    public void Throttled(string namespaceName, bool concurrent)
    {
        var tags = new TagList { { "namespace", namespaceName } };
        (concurrent ? limitConcurrent : limitTimed).Add(1, tags);
    }

    /// <summary>The label OpenWhisk gives a status.</summary>
    /// <param name="statusCode">The status.</param>
    /// <returns>The label value.</returns>
    public static string StatusLabel(ActivationStatus statusCode) => statusCode switch
    {
        ActivationStatus.Success => "success",
        ActivationStatus.ApplicationError => "application_error",
        ActivationStatus.DeveloperError => "action_developer_error",
        _ => "whisk_internal_error",
    };

    /// <summary>The status code the action chose: <c>result.error.statusCode</c>, else <c>result.statusCode</c>; 400 when not an integer.</summary>
    private static int? UserStatusCode(JsonElement? result)
    {
        if (result is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        if (value.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object && error.TryGetProperty("statusCode", out var nested))
        {
            return AsCode(nested);
        }

        return value.TryGetProperty("statusCode", out var code) ? AsCode(code) : null;
    }

    /// <summary>An integer, or an integer as a string (OpenWhisk reads both); anything else is 400.</summary>
    private static int AsCode(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt32(out var code) => code,
        JsonValueKind.String when int.TryParse(value.GetString(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var code) => code,
        _ => 400,
    };

    /// <summary>HTTP status codes label themselves; any other number shares the label <c>other</c>, so no action can grow the series without bound.</summary>
    private static string CodeLabel(int code) =>
        code is >= 100 and <= 599 ? code.ToString(System.Globalization.CultureInfo.InvariantCulture) : "other";

    private static string MemoryLabel(long memoryMb) => memoryMb switch
    {
        128 => "128",
        256 => "256",
        512 => "512",
        _ => memoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
