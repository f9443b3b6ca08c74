using System.Globalization;
using System.Text.Json;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Alarms;

/// <summary>The dates of alarm parameters: epoch milliseconds, or a date text (ISO 8601), as JavaScript's <c>Date</c> takes them.</summary>
public static class AlarmDates
{
    // The range a DateTimeOffset holds (years 1 to 9999); later or earlier numbers are not valid dates here.
    private const long MinEpochMs = -62_135_596_800_000;
    private const long MaxEpochMs = 253_402_300_799_999;

    /// <summary>Reads a date parameter; null when it is absent; 400 with OpenWhisk's message when invalid or not after <paramref name="now"/>.</summary>
    public static long? Future(JsonElement parameters, string name, long now)
    {
        if (!parameters.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var text = value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();
        var date = Parse(value) ?? throw ApiException.BadRequest($"{name} parameter '{text}' is not a valid Date");
        return date > now ? date : throw ApiException.BadRequest($"{name} parameter '{text}' must be in the future");
    }

    /// <summary>Epoch ms of a number or a date text; null when it is neither.</summary>
    public static long? Parse(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var ms) && ms is >= MinEpochMs and <= MaxEpochMs => ms,
        JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date) => date.ToUnixTimeMilliseconds(),
        _ => null,
    };

    /// <summary>Writes a date as OpenWhisk's alarms show <c>dateChangedISO</c>: <c>YYYY-MM-DDTHH:mm:ssZ</c>.</summary>
    public static string Iso(long epochMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(epochMs).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
