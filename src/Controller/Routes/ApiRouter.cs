using System.Text.Json.Nodes;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// Finds the operation for a request as the API gateway does: the API with the longest base path the request path
/// starts with, then the path template that matches the rest (<c>{name}</c> takes one segment; literal segments win
/// over parameters), then the verb.
/// </summary>
public static class ApiRouter
{
    /// <summary>The match for <paramref name="method"/> on <paramref name="path"/> (starting with <c>/</c>); null when no API path matches.</summary>
    public static ApiRouteMatch? Match(IEnumerable<GatewayApi> apis, string method, string path)
    {
        ArgumentNullException.ThrowIfNull(apis);
        ArgumentNullException.ThrowIfNull(method);
        foreach (var api in apis.OrderByDescending(a => a.BasePath.TrimEnd('/').Length))
        {
            var basePath = api.BasePath.TrimEnd('/');
            if (path != basePath && !path.StartsWith(basePath + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = path[basePath.Length..];
            var swagger = JsonNode.Parse(api.Swagger.GetRawText())!.AsObject();
            if (BestTemplate(swagger["paths"] as JsonObject, relative.Length == 0 ? "/" : relative) is not { } operations)
            {
                continue;
            }

            if (operations[method.ToLowerInvariant()]?["operationId"]?.ToString() is not { } operationId)
            {
                return new ApiRouteMatch(null, null, PathDeclared: true);
            }

            var target = ApiDocuments.Target(swagger, operationId);
            var url = target?.TargetUrl ?? operations[method.ToLowerInvariant()]?["x-openwhisk"]?["url"]?.ToString();
            return new ApiRouteMatch(url, target?.SecureKey, PathDeclared: true);
        }

        return null;
    }

    private static JsonObject? BestTemplate(JsonObject? paths, string relative)
    {
        var segments = relative.Trim('/').Split('/');
        JsonObject? best = null;
        var bestLiterals = -1;
        foreach (var (template, operations) in paths ?? [])
        {
            var parts = template.Trim('/').Split('/');
            if (parts.Length != segments.Length || operations is not JsonObject found)
            {
                continue;
            }

            var literals = 0;
            var matches = true;
            for (var i = 0; i < parts.Length && matches; i++)
            {
                var parameter = parts[i].StartsWith('{') && parts[i].EndsWith('}');
                matches = parameter ? segments[i].Length > 0 : parts[i] == segments[i];
                literals += parameter ? 0 : 1;
            }

            if (matches && literals > bestLiterals)
            {
                (best, bestLiterals) = (found, literals);
            }
        }

        return best;
    }
}
