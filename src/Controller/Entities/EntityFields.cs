using System.Text;
using System.Text.Json;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>The fields every entity's PUT body may carry: parameters and annotations, version, publish.</summary>
public static class EntityFields
{
    /// <summary>Parses <c>[{"key", "value", "init"?}]</c>; larger than the parameter limit → 413.</summary>
    public static List<KeyValue> ParsePairs(JsonElement element, string field, LimitsOptions limits)
    {
        ArgumentNullException.ThrowIfNull(limits);
        if (element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + $"'{field}' must be an array of {{\"key\", \"value\"}} objects.");
        }

        var size = Encoding.UTF8.GetByteCount(element.GetRawText());
        if (size > limits.ParametersMaxBytes)
        {
            throw new ApiException(413, ApiMessages.TooLarge(field, size, limits.ParametersMaxBytes));
        }

        var pairs = new List<KeyValue>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest(ApiMessages.Malformed + $"every entry of '{field}' needs a string 'key'.");
            }

            var value = item.TryGetProperty("value", out var v) ? v.Clone() : JsonSerializer.SerializeToElement<object?>(null, OpenWhiskJson.Options);
            var init = item.TryGetProperty("init", out var i) && i.ValueKind == JsonValueKind.True;
            pairs.Add(new KeyValue(key.GetString()!, value, init));
        }

        // A key given twice keeps its last value, as OpenWhisk's parameter map does.
        return pairs.GroupBy(p => p.Key, StringComparer.Ordinal).Select(g => g.Last()).ToList();
    }

    /// <summary>The pairs of <paramref name="field"/> when the body has it, else <paramref name="fallback"/>.</summary>
    public static IReadOnlyList<KeyValue> Pairs(JsonElement body, string field, LimitsOptions limits, IReadOnlyList<KeyValue>? fallback) =>
        body.TryGetProperty(field, out var element) ? ParsePairs(element, field, limits) : fallback ?? [];

    /// <summary>The requested version, or the next patch of the existing one (0.0.1 for a new entity).</summary>
    public static SemVer Version(JsonElement body, SemVer? existing) =>
        body.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String && SemVer.TryParse(v.GetString(), out var requested)
            ? requested
            : existing is { } current ? current.NextPatch() : SemVer.Initial;

    /// <summary>The requested <c>publish</c> flag, or the existing one.</summary>
    public static bool Publish(JsonElement body, bool existing) =>
        body.TryGetProperty("publish", out var publish) && publish.ValueKind is JsonValueKind.True or JsonValueKind.False
            ? publish.ValueKind == JsonValueKind.True
            : existing;

    /// <summary>Merges parameter lists: later lists override earlier ones key by key, keeping first-seen order.</summary>
    public static IReadOnlyList<KeyValue> Merge(params IReadOnlyList<KeyValue>[] lists)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var merged = new List<KeyValue>();
        foreach (var list in lists)
        {
            foreach (var pair in list)
            {
                var index = merged.FindIndex(p => p.Key == pair.Key);
                if (index >= 0)
                {
                    merged[index] = pair;
                }
                else
                {
                    merged.Add(pair);
                }
            }
        }

        return merged;
    }
}
