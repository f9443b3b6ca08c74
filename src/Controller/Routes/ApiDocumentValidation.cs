using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// OpenWhisk's checks of an API before it is configured: no parameters in the base path, and an operation on a path
/// with <c>{name}</c> segments must use the <c>http</c> response type (its target URL ending in
/// <c>$(request.path)</c>) and declare each of them as a parameter.
/// </summary>
public static partial class ApiDocumentValidation
{
    /// <summary>The first problem of the document, or null.</summary>
    public static string? Problem(JsonObject swagger)
    {
        ArgumentNullException.ThrowIfNull(swagger);
        var basePath = JsonNodes.Text(swagger["basePath"]);
        if (basePath is not null && ParameterSegment().IsMatch(basePath))
        {
            return $"The base path ({basePath}) cannot have parameters. Only the relative path supports path parameters.";
        }

        foreach (var (key, value) in swagger["paths"] as JsonObject ?? [])
        {
            if (!ParameterSegment().IsMatch(key) || value is not JsonObject path)
            {
                continue;
            }

            var named = ApiDocuments.PathParameters(key);
            var shared = path["parameters"] as JsonArray;
            foreach (var (verb, node) in path)
            {
                if (verb == "parameters" || node is not JsonObject operation)
                {
                    continue;
                }

                if (JsonNodes.Text(JsonNodes.Field(operation["x-openwhisk"], "url")) is { } url && !url.EndsWith(".http", StringComparison.Ordinal))
                {
                    return "The action must use a response type of '.http' in order to receive the path parameters.";
                }

                var operationId = JsonNodes.Text(operation["operationId"]) ?? string.Empty;
                if (ApiDocuments.Target(swagger, operationId) is { } target && !target.TargetUrl.EndsWith(".http$(request.path)", StringComparison.Ordinal))
                {
                    return $"The target-url for operationId '{operationId}' must end in '$(request.path)' in order for actions to receive the path parameters.";
                }

                var declared = (shared ?? []).Concat(operation["parameters"] as JsonArray ?? []).Select(p => JsonNodes.Text(JsonNodes.Field(p, "name"))).ToHashSet();
                if (named.FirstOrDefault(n => !declared.Contains(n)) is { } missing)
                {
                    return $"The parameter '{missing}' defined in path '{key}' does not match any of the parameters defined for the path in the swagger file.";
                }
            }
        }

        return null;
    }

    [GeneratedRegex(@"/\{([^/]+)\}/|/\{([^/]+)\}$", RegexOptions.CultureInvariant)]
    private static partial Regex ParameterSegment();
}
