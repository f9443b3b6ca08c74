using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.TestSupport;

public static class RecordExtensions
{
    public static JsonElement? Annotation(this ActivationRecord record, string key) => record.Annotations.Find(key);

    public static string? Error(this ActivationRecord record) =>
        record.Response.Result is { } result && result.TryGetProperty("error", out var error) ? error.ToString() : null;
}
