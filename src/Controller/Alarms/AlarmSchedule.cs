using System.Text.Json;
using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// One trigger's alarm, kept in the artifact store (type <c>alarm</c>, id <c>ns/trigger#alarm</c>): its schedule
/// (<see cref="Kind"/> and the fields of that kind, dates in epoch ms), the payload it fires with, the key it fires
/// with, its status, and the last tick fired, which also serves as the lease between controllers (a tick is claimed
/// by writing it with the revision read).
/// </summary>
public sealed record AlarmSchedule
{
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    /// <summary>Gets the trigger's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    [JsonPropertyName("cron")]
    public string? Cron { get; init; }

    [JsonPropertyName("timezone")]
    public string? Timezone { get; init; }

    [JsonPropertyName("strict")]
    public bool? Strict { get; init; }

    [JsonPropertyName("minutes")]
    public int? Minutes { get; init; }

    [JsonPropertyName("date")]
    public long? Date { get; init; }

    [JsonPropertyName("deleteAfterFire")]
    public string? DeleteAfterFire { get; init; }

    [JsonPropertyName("startDate")]
    public long? StartDate { get; init; }

    [JsonPropertyName("stopDate")]
    public long? StopDate { get; init; }

    /// <summary>Gets how many more fires are allowed (-1 for no limit; OpenWhisk's deprecated <c>maxTriggers</c>).</summary>
    [JsonPropertyName("maxTriggers")]
    public int MaxTriggers { get; init; } = -1;

    /// <summary>Gets what every fire sends: <c>{"payload": s}</c> for a string <c>trigger_payload</c>, the object itself, or <c>{}</c>.</summary>
    [JsonPropertyName("payload")]
    public JsonElement? Payload { get; init; }

    /// <summary>Gets the key (<c>uuid:secret</c>) the trigger is fired with: the one that created the alarm.</summary>
    [JsonPropertyName("apikey")]
    public required string ApiKey { get; init; }

    [JsonPropertyName("status")]
    public required AlarmStatus Status { get; init; }

    /// <summary>Gets when the alarm was created or last changed, in epoch ms: its schedule counts from there.</summary>
    [JsonPropertyName("created")]
    public long Created { get; init; }

    /// <summary>Gets the last tick fired (epoch ms), or null before the first.</summary>
    [JsonPropertyName("lastFired")]
    public long? LastFired { get; init; }

    /// <summary>Gets how many ticks have been fired.</summary>
    [JsonPropertyName("fires")]
    public long Fires { get; init; }

    [JsonPropertyName("updated")]
    public long Updated { get; init; }

    /// <summary>Gets the trigger's name as clients write it, <c>/ns/name</c>.</summary>
    [JsonIgnore]
    public string TriggerName => "/" + Namespace + "/" + Name;
}
