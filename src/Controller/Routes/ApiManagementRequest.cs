using System.Text.Json.Nodes;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// The parameters of a route management call, as the apimgmt web actions get them: the query strings, then the fields
/// of a JSON body. The package's bound parameters and the <c>__ow_</c> names cannot be set (400).
/// </summary>
public static class ApiManagementRequest
{
    private static readonly HashSet<string> Fixed = new(StringComparer.Ordinal) { "gwUser", "gwPwd", "gwUrl", "gwUrlV2" };

    /// <summary>Reads the parameters.</summary>
    /// <exception cref="ApiException">400 for a bad body or a fixed parameter, 413 for a body over the limit.</exception>
    public static async Task<JsonObject> ReadAsync(HttpContext context, long maxBytes)
    {
        ArgumentNullException.ThrowIfNull(context);
        var parameters = new JsonObject();
        foreach (var (key, value) in context.Request.Query)
        {
            parameters[key] = value[^1];
        }

        if (await RequestBodies.ReadJsonAsync(context, maxBytes, "Request") is { ValueKind: System.Text.Json.JsonValueKind.Object } body)
        {
            foreach (var field in body.EnumerateObject())
            {
                parameters[field.Name] = JsonNode.Parse(field.Value.GetRawText());
            }
        }

        if (parameters.Any(p => Fixed.Contains(p.Key) || p.Key.StartsWith("__ow_", StringComparison.Ordinal)))
        {
            throw ApiException.BadRequest(ApiMessages.ParametersNotAllowed);
        }

        return parameters;
    }
}
