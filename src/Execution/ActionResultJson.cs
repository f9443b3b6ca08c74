using System.Text.Json;
using OpenWhisk.Common.Json;

namespace OpenWhisk.Execution;

/// <summary>
/// Reads the JSON an action container answers with so that everything downstream (the caller's response, the
/// acknowledgement, the activation store, the next action of a sequence) can write it again: escaped lone surrogates
/// (<c>"\ud800"</c>, which JavaScript's <c>JSON.stringify</c> emits and .NET cannot write) become U+FFFD, as any
/// UTF-8 transport would make them, and nesting deeper than <see cref="MaxDepth"/> is not valid JSON here (the
/// record and acknowledgement around a result add levels below the serializer's limit of 64).
/// </summary>
public static class ActionResultJson
{
    /// <summary>The deepest nesting of a result.</summary>
    public const int MaxDepth = 56;

    private static readonly JsonDocumentOptions Options = new() { MaxDepth = MaxDepth };

    /// <summary>Parses <paramref name="body"/>; false when it is empty, not JSON or nested too deep.</summary>
    /// <param name="body">The container's answer.</param>
    /// <param name="json">The parsed value, detached from any document.</param>
    /// <returns>Whether <paramref name="body"/> is a usable JSON value.</returns>
    public static bool TryParse(string body, out JsonElement json)
    {
        json = default;
        if (string.IsNullOrWhiteSpace(body))
        {
            return false;
        }

        body = LoneSurrogateEscapes.Replace(body);

        try
        {
            using var document = JsonDocument.Parse(body, Options);
            json = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
