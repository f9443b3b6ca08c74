using System.Text.Json.Nodes;

namespace OpenWhisk.Controller.Routes;

/// <summary>How route management answers with an API: OpenWhisk's CLI item, with the URL the API is served at.</summary>
public static class ApiItems
{
    /// <summary>The item: <c>{"id", "key", "value": {"namespace", "gwApiActivated", "tenantId", "gwApiUrl", "apidoc"}}</c>.</summary>
    public static JsonObject Of(JsonNode swagger, string apiHost, string namespaceUuid, string basePath) => new()
    {
        ["id"] = "Not Used",
        ["key"] = "Not Used",
        ["value"] = new JsonObject
        {
            ["namespace"] = "Not Used",
            ["gwApiActivated"] = true,
            ["tenantId"] = "Not Used",
            ["gwApiUrl"] = apiHost.TrimEnd('/') + "/api/" + namespaceUuid + (basePath == "/" ? string.Empty : basePath),
            ["apidoc"] = swagger.DeepClone(),
        },
    };
}
