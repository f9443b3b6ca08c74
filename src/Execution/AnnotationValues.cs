using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Execution;

/// <summary>
/// The JSON values of a record's annotations, made once and shared: an action's limits, path and kind, the balancer's
/// name, <c>true</c> and <c>false</c> and the small numbers of milliseconds are the same from one activation to the
/// next, and each <see cref="JsonSerializer.SerializeToElement{TValue}(TValue, JsonSerializerOptions?)"/> would build a
/// document of its own for every record. The caches are bounded: past their size they start afresh.
/// </summary>
internal static class AnnotationValues
{
    /// <summary>Numbers of milliseconds below this come from one shared array.</summary>
    internal const int SharedMilliseconds = 4096;

    private const int MaxTexts = 4096;
    private const int MaxLimits = 256;

    private static readonly JsonElement TrueValue = JsonElement.Parse("true");
    private static readonly JsonElement FalseValue = JsonElement.Parse("false");
    private static readonly JsonElement SmallNumbers = JsonElement.Parse(SmallNumbersArray());
    private static readonly ConcurrentDictionary<string, JsonElement> Texts = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<ActionLimits, JsonElement> LimitsValues = new();

    /// <summary>The JSON boolean.</summary>
    public static JsonElement Boolean(bool value) => value ? TrueValue : FalseValue;

    /// <summary>The JSON number of a duration in milliseconds.</summary>
    public static JsonElement Milliseconds(long value) =>
        value is >= 0 and < SharedMilliseconds ? SmallNumbers[(int)value] : JsonSerializer.SerializeToElement(value, OpenWhiskJson.Options);

    /// <summary>The JSON string of a value that repeats (a path, a kind, a balancer's name).</summary>
    public static JsonElement Text(string value) => Shared(Texts, value, MaxTexts);

    /// <summary>The JSON object of an action's limits.</summary>
    public static JsonElement Limits(ActionLimits limits) => Shared(LimitsValues, limits, MaxLimits);

    private static JsonElement Shared<TKey>(ConcurrentDictionary<TKey, JsonElement> cache, TKey key, int max)
        where TKey : notnull
    {
        if (cache.TryGetValue(key, out var value))
        {
            return value;
        }

        value = JsonSerializer.SerializeToElement(key, OpenWhiskJson.Options);
        if (cache.Count >= max)
        {
            cache.Clear();
        }

        cache.TryAdd(key, value);
        return value;
    }

    private static string SmallNumbersArray()
    {
        var text = new StringBuilder("[", SharedMilliseconds * 5);
        for (var i = 0; i < SharedMilliseconds; i++)
        {
            text.Append(i == 0 ? "0" : "," + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }

        return text.Append(']').ToString();
    }
}
