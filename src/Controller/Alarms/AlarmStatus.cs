using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Alarms;

/// <summary>Whether an alarm fires, since when, and why it stopped (OpenWhisk's alarm document status).</summary>
/// <param name="Active">Whether it fires.</param>
/// <param name="DateChanged">When the status last changed, in epoch milliseconds.</param>
/// <param name="Reason">Why it was disabled, if it was.</param>
public sealed record AlarmStatus(
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("dateChanged")] long DateChanged,
    [property: JsonPropertyName("reason")] AlarmStatusReason? Reason = null);
