using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace OpenWhisk.TestSupport;

/// <summary>Small helpers for talking to the API in tests.</summary>
public static class ApiClientExtensions
{
    public static async Task<(int Status, JsonElement Body)> SendJsonAsync(this HttpClient client, HttpMethod method, string path, object? body = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is string raw)
        {
            request.Content = new StringContent(raw, Encoding.UTF8, "application/json");
        }
        else if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var json = text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
        return ((int)response.StatusCode, json);
    }

    public static Task<(int Status, JsonElement Body)> PutActionAsync(this HttpClient client, string name, string kind, string code, object? extra = null, bool overwrite = false)
    {
        var body = new Dictionary<string, object?> { ["exec"] = new { kind, code } };
        if (extra is not null)
        {
            foreach (var property in JsonSerializer.SerializeToElement(extra).EnumerateObject())
            {
                body[property.Name] = property.Value;
            }
        }

        return client.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/actions/{name}{(overwrite ? "?overwrite=true" : string.Empty)}", body);
    }

    public static Task<(int Status, JsonElement Body)> InvokeAsync(this HttpClient client, string name, object? parameters = null, bool blocking = true, bool result = false) =>
        client.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/_/actions/{name}?blocking={(blocking ? "true" : "false")}&result={(result ? "true" : "false")}", parameters ?? new { });

    public static Task<(int Status, JsonElement Body)> PutPackageAsync(this HttpClient client, string name, object? body = null, bool overwrite = false, string ns = "_") =>
        client.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/{ns}/packages/{name}{(overwrite ? "?overwrite=true" : string.Empty)}", body ?? new { });

    public static Task<(int Status, JsonElement Body)> GetJsonAsync(this HttpClient client, string path) => client.SendJsonAsync(HttpMethod.Get, path);

    public static Task<(int Status, JsonElement Body)> DeleteJsonAsync(this HttpClient client, string path) => client.SendJsonAsync(HttpMethod.Delete, path);

    /// <summary>Invokes by full path under <c>/api/v1/namespaces/</c>, for example <c>guest/actions/pkg/a</c>.</summary>
    public static Task<(int Status, JsonElement Body)> InvokePathAsync(this HttpClient client, string path, object? parameters = null, bool blocking = true, bool result = false, string extra = "") =>
        client.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/{path}?blocking={(blocking ? "true" : "false")}&result={(result ? "true" : "false")}{extra}", parameters ?? new { });

    /// <summary>Parameters (or annotations) as OpenWhisk's <c>[{key, value}]</c>.</summary>
    public static object[] Pairs(params (string Key, object Value)[] pairs) => pairs.Select(p => (object)new { key = p.Key, value = p.Value }).ToArray();

    /// <summary>The value of an annotation (or parameter) of an entity or record.</summary>
    public static JsonElement? Annotation(this JsonElement body, string key, string field = "annotations") =>
        body.GetProperty(field).EnumerateArray().Where(a => a.GetProperty("key").GetString() == key).Select(a => (JsonElement?)a.GetProperty("value")).FirstOrDefault();

    /// <summary>Reads an activation record, waiting up to ten seconds until it is stored.</summary>
    public static async Task<JsonElement> WaitForRecordAsync(this HttpClient client, string activationId)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var (status, body) = await client.GetJsonAsync("/api/v1/namespaces/_/activations/" + activationId);
            if (status == 200)
            {
                return body;
            }

            await Task.Delay(100);
        }

        Assert.Fail("no record of " + activationId);
        return default;
    }

    public static string Error(this JsonElement body) => body.GetProperty("error").GetString()!;
}
