using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// The <c>apidoc</c> of <c>createApi</c>, checked in OpenWhisk's order with its messages: either a whole swagger
/// document or one endpoint (base path, path, verb, action). The caller's namespace replaces <c>_</c> in it.
/// </summary>
public static partial class ApiDocRequest
{
    /// <summary>Reads the apidoc.</summary>
    /// <exception cref="ApiManagementException">It is missing, malformed or incomplete.</exception>
    public static (JsonObject Apidoc, JsonObject? Swagger, ApiEndpoint? Endpoint) Read(JsonObject parameters, string callerNamespace)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var apidoc = ObjectOrJsonText(parameters["apidoc"], "apidoc is required.", "apidoc field cannot be parsed. Ensure it is valid JSON.", type => $"apidoc field is of type {type} and should be a JSON object or a JSON string.");
        if (!Truthy(apidoc["namespace"]))
        {
            throw new ApiManagementException("apidoc is missing the namespace field");
        }

        apidoc["namespace"] = callerNamespace;
        if (Truthy(apidoc["swagger"]))
        {
            if (Truthy(apidoc["gatewayBasePath"]))
            {
                throw new ApiManagementException("swagger and gatewayBasePath are mutually exclusive and cannot be specified together.");
            }

            var swagger = ObjectOrJsonText(apidoc["swagger"], string.Empty, "swagger field cannot be parsed. Ensure it is valid JSON.", type => $"swagger field is {type} and should be an object or a JSON string.");
            foreach (var field in new[] { "basePath", "paths", "info" })
            {
                if (!Truthy(swagger[field]))
                {
                    throw new ApiManagementException($"swagger is missing the {field} field.");
                }
            }

            if (JsonNodes.Text(swagger["basePath"]) is not { } basePath || !basePath.StartsWith('/') || swagger["paths"] is not JsonObject)
            {
                throw new ApiManagementException("API creation failure: the swagger document needs a basePath that starts with '/' and an object of paths.");
            }

            return (apidoc, swagger, null);
        }

        foreach (var field in new[] { "gatewayBasePath", "gatewayPath", "gatewayMethod" })
        {
            Require(apidoc, field, $"apidoc is missing the {field} field");
        }

        var action = apidoc["action"] as JsonObject ?? throw new ApiManagementException("apidoc is missing the action field.");
        foreach (var field in new[] { "backendMethod", "backendUrl", "namespace", "name", "authkey" })
        {
            Require(action, field, $"action is missing the {field} field.");
        }

        if (JsonNodes.Text(apidoc["gatewayBasePath"]) is not { } gatewayBasePath || !gatewayBasePath.StartsWith('/'))
        {
            throw new ApiManagementException("API creation failure: the base path must start with '/'.");
        }

        var actionNamespace = action["namespace"]!.ToString();
        var backendUrl = action["backendUrl"]!.ToString();
        if (actionNamespace == "_")
        {
            actionNamespace = callerNamespace;
            backendUrl = WebNamespace().Replace(backendUrl, "/api/v1/web/" + callerNamespace + "/", 1);
        }

        var endpoint = new ApiEndpoint(
            apidoc["gatewayBasePath"]!.ToString(),
            apidoc["gatewayPath"]!.ToString(),
            apidoc["gatewayMethod"]!.ToString(),
            actionNamespace,
            action["name"]!.ToString(),
            backendUrl,
            Truthy(action["secureKey"]) ? action["secureKey"]!.ToString() : null,
            apidoc["pathParameters"] as JsonArray);
        return (apidoc, null, endpoint);
    }

    private static void Require(JsonObject holder, string field, string message)
    {
        if (!Truthy(holder[field]))
        {
            throw new ApiManagementException(message);
        }
    }

    private static JsonObject ObjectOrJsonText(JsonNode? value, string missing, string unparsable, Func<string, string> wrongType)
    {
        switch (value)
        {
            case null:
                throw new ApiManagementException(missing);
            case JsonObject given:
                return given;
            case JsonValue text when text.GetValueKind() == JsonValueKind.String:
                try
                {
                    return JsonNode.Parse(text.GetValue<string>()) as JsonObject ?? throw new ApiManagementException(unparsable);
                }
                catch (JsonException)
                {
                    throw new ApiManagementException(unparsable);
                }

            default:
                throw new ApiManagementException(wrongType(TypeOf(value)));
        }
    }

    /// <summary>JavaScript's <c>typeof</c> of a JSON value.</summary>
    private static string TypeOf(JsonNode value) => value.GetValueKind() switch
    {
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "object",
    };

    /// <summary>JavaScript's truthiness of a JSON value (absent, null, false, 0 and "" are not).</summary>
    private static bool Truthy(JsonNode? value) => value switch
    {
        null => false,
        JsonValue v => v.GetValueKind() switch
        {
            JsonValueKind.False or JsonValueKind.Null => false,
            JsonValueKind.String => v.GetValue<string>().Length > 0,
            JsonValueKind.Number => v.GetValue<double>() != 0,
            _ => true,
        },
        _ => true,
    };

    [GeneratedRegex(@"/api/v1/web/([A-Za-z0-9_@.-]+)/", RegexOptions.CultureInvariant)]
    private static partial Regex WebNamespace();
}
