using System.Text.Json;

namespace OpenWhisk.Spi.Entities;

/// <summary>Lookups on parameter and annotation lists.</summary>
public static class KeyValueListExtensions
{
    /// <summary>Finds the value of <paramref name="key"/>, or <see langword="null"/> if it is absent.</summary>
    /// <param name="list">The parameters or annotations.</param>
    /// <param name="key">The key to look for.</param>
    /// <returns>The value, if present.</returns>
    public static JsonElement? Find(this IReadOnlyList<KeyValue> list, string key)
    {
        ArgumentNullException.ThrowIfNull(list);
        for (var i = 0; i < list.Count; i++)
        {
            if (string.Equals(list[i].Key, key, StringComparison.Ordinal))
            {
                return list[i].Value;
            }
        }

        return null;
    }

    /// <summary>
    /// Tells whether <paramref name="key"/> is present and truthy in JavaScript's sense (not false, 0, "" or null).
    /// </summary>
    /// <param name="list">The parameters or annotations.</param>
    /// <param name="key">The key to look for.</param>
    /// <param name="whenMissing">The answer when the key is absent.</param>
    /// <returns>Whether the value is truthy.</returns>
    public static bool IsTruthy(this IReadOnlyList<KeyValue> list, string key, bool whenMissing = false)
    {
        var value = list.Find(key);
        if (value is not { } element)
        {
            return whenMissing;
        }

        return element.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined => false,
            JsonValueKind.Number => element.GetDouble() != 0,
            JsonValueKind.String => element.GetString()!.Length > 0,
            _ => true,
        };
    }

    /// <summary>Returns a copy of the list with <paramref name="item"/> replacing any entry with the same key.</summary>
    /// <param name="list">The parameters or annotations.</param>
    /// <param name="item">The entry to set.</param>
    /// <returns>The new list.</returns>
    public static IReadOnlyList<KeyValue> With(this IReadOnlyList<KeyValue> list, KeyValue item)
    {
        ArgumentNullException.ThrowIfNull(list);
        ArgumentNullException.ThrowIfNull(item);
        var result = new List<KeyValue>(list.Count + 1);
        var replaced = false;
        foreach (var entry in list)
        {
            if (string.Equals(entry.Key, item.Key, StringComparison.Ordinal))
            {
                result.Add(item);
                replaced = true;
            }
            else
            {
                result.Add(entry);
            }
        }

        if (!replaced)
        {
            result.Add(item);
        }

        return result;
    }
}
