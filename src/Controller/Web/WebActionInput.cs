using System.Buffers;
using System.Text.Json;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Web;

/// <summary>
/// The input of a web action: the request context (<c>__ow_method</c>, <c>__ow_headers</c>, <c>__ow_path</c>,
/// <c>__ow_user</c> when the caller authenticated), then the query parameters (strings) and the fields of a JSON
/// object or form body (the body wins), or, for a raw action, <c>__ow_query</c> and <c>__ow_body</c> as they came.
/// </summary>
public static class WebActionInput
{
    private static readonly HashSet<string> Reserved = new(StringComparer.Ordinal)
    {
        "__ow_method", "__ow_headers", "__ow_path", "__ow_user", "__ow_query", "__ow_body",
    };

    /// <summary>Builds the input.</summary>
    /// <exception cref="ApiException">400 when a parsed action's query or body names a reserved or final parameter.</exception>
    public static JsonElement Build(HttpRequest request, JsonElement? body, bool raw, Identity? user, string restPath, WhiskAction action)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(action);
        var query = request.Query;
        var bodyFields = !raw && body is { ValueKind: JsonValueKind.Object } fields ? fields : (JsonElement?)null;
        if (!raw)
        {
            RequireNoOverrides(query.Keys.Concat(bodyFields?.EnumerateObject().Select(p => p.Name) ?? []), action);
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = OpenWhiskJson.Options.Encoder }))
        {
            writer.WriteStartObject();
            writer.WriteString("__ow_method", request.Method.ToLowerInvariant());
            WriteHeaders(writer, request.Headers);
            writer.WriteString("__ow_path", restPath);
            if (user is not null)
            {
                writer.WriteString("__ow_user", user.Namespace.Name);
            }

            if (raw)
            {
                writer.WriteString("__ow_query", request.QueryString.HasValue ? request.QueryString.Value![1..] : string.Empty);
                writer.WritePropertyName("__ow_body");
                if (body is { } given)
                {
                    given.WriteTo(writer);
                }
                else
                {
                    writer.WriteStringValue(string.Empty);
                }
            }
            else
            {
                foreach (var parameter in query)
                {
                    if (bodyFields is not { } named || !named.TryGetProperty(parameter.Key, out _))
                    {
                        writer.WriteString(parameter.Key, parameter.Value[^1]);
                    }
                }

                if (bodyFields is { } objectBody)
                {
                    foreach (var field in objectBody.EnumerateObject())
                    {
                        field.WriteTo(writer);
                    }
                }
                else if (body is { } opaque)
                {
                    writer.WritePropertyName("__ow_body");
                    opaque.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    private static void RequireNoOverrides(IEnumerable<string> names, WhiskAction action)
    {
        foreach (var name in names)
        {
            if (Reserved.Contains(name) || ActionGateway.IsFinalParameter(action, name))
            {
                throw ApiException.BadRequest(ApiMessages.ParametersNotAllowed);
            }
        }
    }

    private static void WriteHeaders(Utf8JsonWriter writer, IHeaderDictionary headers)
    {
        writer.WriteStartObject("__ow_headers");
        foreach (var header in headers)
        {
            // As OpenWhisk's server shows them: the entity's length and framing are not headers there.
            if (!header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
            {
                writer.WriteString(header.Key.ToLowerInvariant(), header.Value.ToString());
            }
        }

        writer.WriteEndObject();
    }
}
