using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// The swagger documents of APIs, as OpenWhisk's route management writes them: an operation per verb and path with
/// its action under <c>x-openwhisk</c>, and the gateway's <c>operation-switch</c> case that invokes the action's web
/// URL (with <c>$(request.path)</c> appended for the <c>http</c> response type, and the secure key as a header).
/// </summary>
public static partial class ApiDocuments
{
    /// <summary>A new, empty API.</summary>
    public static JsonObject Base(string basePath, string? apiName) => new()
    {
        ["swagger"] = "2.0",
        ["info"] = new JsonObject { ["title"] = apiName ?? basePath, ["version"] = "1.0.0" },
        ["basePath"] = basePath,
        ["paths"] = new JsonObject(),
        ["x-ibm-configuration"] = new JsonObject { ["assembly"] = new JsonObject(), ["cors"] = new JsonObject { ["enabled"] = true } },
    };

    /// <summary><c>get</c> + <c>/books/{isbn}</c> → <c>getBooksIsbn</c>: the verb, then each word of the path capitalized.</summary>
    public static string OperationId(string operation, string relativePath)
    {
        var id = new StringBuilder(operation.ToLowerInvariant());
        foreach (var word in NonWord().Split(relativePath).Where(w => w.Length > 0))
        {
            id.Append(char.ToUpperInvariant(word[0])).Append(word[1..].ToLowerInvariant());
        }

        return id.ToString();
    }

    /// <summary>Adds (or replaces) an endpoint's operation and its gateway case.</summary>
    public static void AddEndpoint(JsonObject swagger, ApiEndpoint endpoint, string responseType)
    {
        ArgumentNullException.ThrowIfNull(swagger);
        ArgumentNullException.ThrowIfNull(endpoint);
        var operation = endpoint.Method.ToLowerInvariant();
        var operationId = OperationId(operation, endpoint.RelativePath);
        var (package, name) = SplitAction(endpoint.ActionName);
        var path = Child(Child(swagger, "paths", () => new JsonObject()), endpoint.RelativePath, () => new JsonObject());
        var operationObject = new JsonObject { ["operationId"] = operationId };
        if (endpoint.PathParameters is { } parameters)
        {
            operationObject["parameters"] = parameters.DeepClone();
        }

        operationObject["x-openwhisk"] = new JsonObject
        {
            ["url"] = WebUrl(endpoint, responseType, target: false),
            ["namespace"] = endpoint.ActionNamespace,
            ["package"] = package ?? string.Empty,
            ["action"] = name,
        };
        operationObject["responses"] = new JsonObject { ["default"] = new JsonObject { ["description"] = "Default response" } };
        path[operation] = operationObject;

        var execute = new JsonArray(new JsonObject { ["invoke"] = new JsonObject { ["target-url"] = WebUrl(endpoint, responseType, target: true), ["verb"] = "keep" } });
        if (endpoint.SecureKey is { } secureKey)
        {
            execute.Add(new JsonObject
            {
                ["set-variable"] = new JsonObject { ["actions"] = new JsonArray(new JsonObject { ["set"] = "message.headers.X-Require-Whisk-Auth", ["value"] = secureKey }) },
            });
        }

        var cases = Cases(swagger, create: true)!;
        var entry = new JsonObject { ["operations"] = new JsonArray(operationId), ["execute"] = execute };
        var index = IndexOf(cases, operationId);
        if (index < cases.Count)
        {
            cases[index] = entry;
        }
        else
        {
            cases.Add(entry);
        }
    }

    /// <summary>Removes a path (every operation) or one operation of it; the error text when it is not there.</summary>
    public static string? RemoveEndpoint(JsonObject swagger, string relativePath, string? operation)
    {
        ArgumentNullException.ThrowIfNull(swagger);
        var paths = swagger["paths"] as JsonObject;
        if (paths?[relativePath] is not JsonObject path)
        {
            return operation is null ? $"path '{relativePath}' does not exist in the API" : $"path '{relativePath}' with operation '{operation}' does not exist in the API";
        }

        var operations = operation is null ? path.Select(p => p.Key).ToList() : [operation];
        if (operation is not null && !path.ContainsKey(operation))
        {
            return $"path '{relativePath}' with operation '{operation}' does not exist in the API";
        }

        foreach (var op in operations)
        {
            path.Remove(op);
            if (Cases(swagger, create: false) is { } cases && IndexOf(cases, OperationId(op, relativePath)) is var index && index < cases.Count)
            {
                cases.RemoveAt(index);
            }
        }

        if (path.Count == 0)
        {
            paths.Remove(relativePath);
        }

        return null;
    }

    /// <summary>The gateway's target URL of an operation, and the secure key it passes on; null when it has none.</summary>
    public static (string TargetUrl, string? SecureKey)? Target(JsonObject swagger, string operationId)
    {
        ArgumentNullException.ThrowIfNull(swagger);
        if (Cases(swagger, create: false) is not { } cases || IndexOf(cases, operationId) is var index && index >= cases.Count)
        {
            return null;
        }

        var execute = JsonNodes.Field(cases[index], "execute");
        var url = JsonNodes.Text(JsonNodes.Field(JsonNodes.Field(JsonNodes.Item(execute, 0), "invoke"), "target-url"));
        var actions = JsonNodes.Field(JsonNodes.Field(JsonNodes.Item(execute, 1), "set-variable"), "actions");
        var secret = JsonNodes.Field(JsonNodes.Item(actions, 0), "value");
        return url is null ? null : (url, secret is JsonValue ? secret.ToString() : null);
    }

    /// <summary>The names of the <c>{name}</c> segments of a path.</summary>
    public static IReadOnlyList<string> PathParameters(string path) => PathParameter().Matches(path).Select(m => m.Groups[1].Value).ToList();

    private static (string? Package, string Name) SplitAction(string actionName)
    {
        var parts = actionName.Trim('/').Split('/');
        return parts.Length >= 2 ? (parts[^2], parts[^1]) : (null, parts[^1]);
    }

    private static string WebUrl(ApiEndpoint endpoint, string responseType, bool target)
    {
        var origin = Uri.TryCreate(endpoint.BackendUrl, UriKind.Absolute, out var backend) ? backend.GetLeftPart(UriPartial.Authority) : string.Empty;
        var (package, name) = SplitAction(endpoint.ActionName);
        var tail = target && responseType == "http" ? "$(request.path)" : string.Empty;
        return $"{origin}/api/v1/web/{endpoint.ActionNamespace}/{package ?? "default"}/{name}.{responseType}{tail}";
    }

    private static JsonArray? Cases(JsonObject swagger, bool create)
    {
        if (!create)
        {
            var execute = JsonNodes.Field(JsonNodes.Field(swagger["x-ibm-configuration"], "assembly"), "execute");
            return JsonNodes.Array(JsonNodes.Field(JsonNodes.Field(JsonNodes.Item(execute, 0), "operation-switch"), "case"));
        }

        var config = Child(swagger, "x-ibm-configuration", () => new JsonObject());
        var assembly = Child(config, "assembly", () => new JsonObject());
        var steps = Child(assembly, "execute", () => new JsonArray());
        if (steps.Count == 0 || steps[0] is not JsonObject)
        {
            steps.Insert(0, new JsonObject());
        }

        var operationSwitch = Child((JsonObject)steps[0]!, "operation-switch", () => new JsonObject());
        return Child(operationSwitch, "case", () => new JsonArray());
    }

    /// <summary>The property of the given type, made (replacing a value of another type) when missing.</summary>
    private static T Child<T>(JsonObject holder, string name, Func<T> make)
        where T : JsonNode
    {
        if (holder[name] is T existing)
        {
            return existing;
        }

        var made = make();
        holder[name] = made;
        return made;
    }

    private static int IndexOf(JsonArray cases, string operationId)
    {
        for (var i = 0; i < cases.Count; i++)
        {
            if (JsonNodes.Text(JsonNodes.Item(JsonNodes.Field(cases[i], "operations"), 0)) == operationId)
            {
                return i;
            }
        }

        return cases.Count;
    }

    [GeneratedRegex("[^0-9A-Za-z_-]+", RegexOptions.CultureInvariant)]
    private static partial Regex NonWord();

    [GeneratedRegex(@"\{([^}]+)\}", RegexOptions.CultureInvariant)]
    private static partial Regex PathParameter();
}
