using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Alarms;

/// <summary>Why an alarm was disabled: <c>AUTO</c> (by the provider) with the status code and a message.</summary>
public sealed record AlarmStatusReason(
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("statusCode")] int StatusCode,
    [property: JsonPropertyName("message")] string Message);
