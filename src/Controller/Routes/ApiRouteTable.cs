using System.Text.Json.Nodes;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// The routes of a namespace's APIs, built once from their documents, matched as the API gateway does: the API with
/// the longest base path the request path starts with, then the path template that matches the rest (<c>{name}</c>
/// takes one segment; literal segments win over parameters), then the verb.
/// </summary>
public sealed class ApiRouteTable
{
    private static readonly string[] Verbs = ["get", "put", "post", "delete", "patch", "head", "options"];

    private readonly IReadOnlyList<(string BasePath, IReadOnlyList<Route> Routes)> apis;

    private ApiRouteTable(IReadOnlyList<(string BasePath, IReadOnlyList<Route> Routes)> apis) => this.apis = apis;

    /// <summary>Builds the table; parts of a document that are not what a swagger document holds are left out.</summary>
    public static ApiRouteTable Build(IEnumerable<GatewayApi> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var apis = new List<(string, IReadOnlyList<Route>)>();
        foreach (var api in documents)
        {
            if (JsonNode.Parse(api.Swagger.GetRawText()) is not JsonObject swagger)
            {
                continue;
            }

            var routes = new List<Route>();
            foreach (var (template, node) in JsonNodes.Object(swagger["paths"]) ?? [])
            {
                var operations = new Dictionary<string, ApiRouteMatch>(StringComparer.Ordinal);
                foreach (var verb in Verbs)
                {
                    var operation = JsonNodes.Field(node, verb);
                    if (JsonNodes.Text(JsonNodes.Field(operation, "operationId")) is not { } operationId)
                    {
                        continue;
                    }

                    var target = ApiDocuments.Target(swagger, operationId);
                    var url = target?.TargetUrl ?? JsonNodes.Text(JsonNodes.Field(JsonNodes.Field(operation, "x-openwhisk"), "url"));
                    operations[verb] = new ApiRouteMatch(url, target?.SecureKey, PathDeclared: true);
                }

                var segments = template.Trim('/').Split('/');
                routes.Add(new Route(segments, segments.Count(s => !IsParameter(s)), operations));
            }

            apis.Add((api.BasePath.TrimEnd('/'), routes));
        }

        return new ApiRouteTable([.. apis.OrderByDescending(a => a.Item1.Length)]);
    }

    /// <summary>The match for <paramref name="method"/> on <paramref name="path"/> (starting with <c>/</c>); null when no API path matches.</summary>
    public ApiRouteMatch? Match(string method, string path)
    {
        ArgumentNullException.ThrowIfNull(method);
        ArgumentNullException.ThrowIfNull(path);
        foreach (var (basePath, routes) in apis)
        {
            if (path != basePath && !path.StartsWith(basePath + "/", StringComparison.Ordinal))
            {
                continue;
            }

            var relative = path[basePath.Length..];
            var segments = (relative.Length == 0 ? "/" : relative).Trim('/').Split('/');
            var best = routes.Where(r => Matches(r.Segments, segments)).MaxBy(r => r.Literals);
            if (best is not null)
            {
                return best.Operations.GetValueOrDefault(method.ToLowerInvariant()) ?? new ApiRouteMatch(null, null, PathDeclared: true);
            }
        }

        return null;
    }

    private static bool Matches(string[] template, string[] segments)
    {
        if (template.Length != segments.Length)
        {
            return false;
        }

        for (var i = 0; i < template.Length; i++)
        {
            if (IsParameter(template[i]) ? segments[i].Length == 0 : template[i] != segments[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsParameter(string segment) => segment.Length > 2 && segment[0] == '{' && segment[^1] == '}';

    private sealed record Route(string[] Segments, int Literals, IReadOnlyDictionary<string, ApiRouteMatch> Operations);
}
