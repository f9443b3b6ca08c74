using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>Web actions on the real standalone with Docker: what the action gets, and what its result becomes.</summary>
[TestFixture]
[NonParallelizable]
public sealed class WebActionResponseTests : StandaloneFixture
{
    private const string Shape = "function main(p) { return p.shape; }";
    private const string Context = "function main(p) { return { args: p }; }";

    protected override async Task OnStartedAsync()
    {
        var web = new { annotations = Pairs(("web-export", true)) };
        var raw = new { annotations = Pairs(("web-export", true), ("raw-http", true)) };
        await Guest.PutActionAsync("shape", "nodejs:20", Shape, web);
        await Guest.PutActionAsync("context", "nodejs:20", Context, web);
        await Guest.PutActionAsync("raw-context", "nodejs:20", Context, raw);
        await Guest.PutActionAsync("echo-bytes", "nodejs:20", "function main(p) { return { headers: { 'Content-Type': 'application/octet-stream' }, body: p.__ow_body }; }", raw);
        await Guest.PutActionAsync("fails", "nodejs:20", "function main() { throw new Error('boom'); }", web);
    }

    [Test]
    public async Task Each_extension_renders_the_result_as_openwhisk_does()
    {
        var json = await PostShapeAsync("shape.json", new { a = 1, list = new[] { 1, 2 } });
        var html = await PostShapeAsync("shape.html", new { html = "<h1>hi</h1>" });
        var svg = await PostShapeAsync("shape.svg", new { svg = "<svg/>" });
        var text = await PostShapeAsync("shape.text", new { text = "plain" });
        var textOfObject = await PostShapeAsync("shape.text", new { body = new { a = 1 } });
        var noText = await PostShapeAsync("shape.text", new { other = 1 });
        var noExtension = await PostShapeAsync("shape", new { body = "<p>default is http</p>" });
        var notHtml = await PostShapeAsync("shape.html", new { html = 5 });

        Assert.Multiple(async () =>
        {
            Assert.That(json.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(json.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(await json.Content.ReadAsStringAsync(), Is.EqualTo("""{"a":1,"list":[1,2]}"""));
            Assert.That(json.Headers.GetValues("x-openwhisk-activation-id").Single(), Has.Length.EqualTo(32));
            Assert.That(html.Content.Headers.ContentType!.ToString(), Is.EqualTo("text/html; charset=UTF-8"));
            Assert.That(await html.Content.ReadAsStringAsync(), Is.EqualTo("<h1>hi</h1>"));
            Assert.That(svg.Content.Headers.ContentType!.MediaType, Is.EqualTo("image/svg+xml"));
            Assert.That(await svg.Content.ReadAsStringAsync(), Is.EqualTo("<svg/>"));
            Assert.That(await text.Content.ReadAsStringAsync(), Is.EqualTo("plain"));
            Assert.That(text.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/plain"));
            Assert.That(JsonDocument.Parse(await textOfObject.Content.ReadAsStringAsync()).RootElement.GetProperty("a").GetInt32(), Is.EqualTo(1));
            Assert.That(noText.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await ErrorOf(noText), Is.EqualTo("Response does not include requested property."));
            Assert.That(await noExtension.Content.ReadAsStringAsync(), Is.EqualTo("<p>default is http</p>"));
            Assert.That(notHtml.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorOf(notHtml), Is.EqualTo("Response is not valid 'text/html'."));
        });
    }

    [Test]
    public async Task An_http_result_sets_status_headers_cookies_redirects_and_json_bodies()
    {
        var created = await PostShapeAsync("shape.http", new { statusCode = 201, headers = new Dictionary<string, object> { ["X-Answer"] = 42, ["Set-Cookie"] = new[] { "a=1", "b=2" } }, body = "made" });
        var redirect = await PostShapeAsync("shape.http", new { statusCode = 302, headers = new Dictionary<string, object> { ["Location"] = "https://example.org/next" } });
        var jsonBody = await PostShapeAsync("shape.http", new { body = new { a = true } });
        var vendorJson = await PostShapeAsync("shape.http", new { headers = new Dictionary<string, object> { ["Content-Type"] = "application/vnd.api+json" }, body = new { a = 1 } });
        var empty = await PostShapeAsync("shape.http", new { headers = new Dictionary<string, object> { ["X-Only"] = "header" } });
        var badCode = await PostShapeAsync("shape.http", new { statusCode = "teapot" });
        var badType = await PostShapeAsync("shape.http", new { headers = new Dictionary<string, object> { ["Content-Type"] = "text/plain" }, body = new { a = 1 } });
        var notObject = await PostShapeAsync("shape.http", "just a string");
        var noContentWithBody = await PostShapeAsync("shape.http", new { statusCode = 204, body = "dropped" });
        var framing = await PostShapeAsync("shape.http", new { headers = new Dictionary<string, object> { ["Content-Length"] = "abc", ["Transfer-Encoding"] = "gzip" }, body = "framed by the server" });
        var unicodeHeader = await PostShapeAsync("shape.http", new { headers = new Dictionary<string, object> { ["X-Name"] = "café" }, body = "ok" });
        using var head = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/api/v1/web/guest/default/context.json"));

        Assert.Multiple(async () =>
        {
            Assert.That(created.StatusCode, Is.EqualTo(HttpStatusCode.Created));
            Assert.That(created.Headers.GetValues("X-Answer").Single(), Is.EqualTo("42"));
            Assert.That(created.Headers.GetValues("Set-Cookie"), Is.EqualTo(new[] { "a=1", "b=2" }));
            Assert.That(created.Content.Headers.ContentType!.MediaType, Is.EqualTo("text/html"));
            Assert.That(redirect.StatusCode, Is.EqualTo(HttpStatusCode.Found));
            Assert.That(redirect.Headers.Location, Is.EqualTo(new Uri("https://example.org/next")));
            Assert.That(jsonBody.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/json"));
            Assert.That(await jsonBody.Content.ReadAsStringAsync(), Is.EqualTo("""{"a":true}"""));
            Assert.That(vendorJson.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/vnd.api+json"));
            Assert.That(empty.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(empty.Headers.GetValues("X-Only").Single(), Is.EqualTo("header"));
            Assert.That(badCode.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorOf(badCode), Is.EqualTo("Response is not valid 'message/http'."));
            Assert.That(await ErrorOf(badType), Is.EqualTo("Response type in header did not match generated content type."));
            Assert.That(await ErrorOf(notObject), Is.EqualTo("There was an error processing your request."), "the runtime refuses a result that is not an object");
            Assert.That(noContentWithBody.StatusCode, Is.EqualTo(HttpStatusCode.NoContent));
            Assert.That(await noContentWithBody.Content.ReadAsStringAsync(), Is.Empty);
            Assert.That(unicodeHeader.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await framing.Content.ReadAsStringAsync(), Is.EqualTo("framed by the server"), "the action's framing headers are dropped");
            Assert.That(head.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await head.Content.ReadAsStringAsync(), Is.Empty);
        });
    }

    [Test]
    public async Task Errors_project_the_error_field_and_a_failed_action_is_a_400()
    {
        using var projected = await PostAsync("/api/v1/web/guest/default/shape.http", JsonContent(new { shape = new { error = new { statusCode = 418, body = "teapot" } } }));
        await Guest.PutActionAsync("rejects", "nodejs:20", "function main() { return Promise.reject({ statusCode: 409, body: 'taken' }); }", new { annotations = Pairs(("web-export", true)) });
        using var rejected = await Anonymous.GetAsync("/api/v1/web/guest/default/rejects.http");
        using var failed = await Anonymous.GetAsync("/api/v1/web/guest/default/fails.json");

        Assert.Multiple(async () =>
        {
            Assert.That(projected.StatusCode, Is.EqualTo((HttpStatusCode)418), "a result with an error field is an application error, rendered from that field");
            Assert.That(await projected.Content.ReadAsStringAsync(), Is.EqualTo("teapot"));
            Assert.That(rejected.StatusCode, Is.EqualTo(HttpStatusCode.Conflict), "an application error renders its error field");
            Assert.That(await rejected.Content.ReadAsStringAsync(), Is.EqualTo("taken"));
            Assert.That(failed.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorOf(failed), Is.EqualTo("There was an error processing your request."));
        });
    }

    [Test]
    public async Task The_action_gets_the_request_context_with_query_and_body_merged()
    {
        using var request = new HttpRequestMessage(HttpMethod.Put, "/api/v1/web/guest/default/context.json/some/rest?q=query&both=query")
        {
            Content = JsonContent(new { b = 2, both = "body" }),
        };
        request.Headers.Add("X-Custom", "custom value");
        using var put = await Anonymous.SendAsync(request);
        var args = (await JsonOf(put)).GetProperty("args");
        using var form = await Anonymous.PostAsync("/api/v1/web/guest/default/context.json", new FormUrlEncodedContent(new Dictionary<string, string> { ["f"] = "field", ["g"] = "x y" }));
        using var text = await Anonymous.PostAsync("/api/v1/web/guest/default/context.json", new StringContent("hello text", Encoding.UTF8, "text/plain"));
        using var binary = await Anonymous.PostAsync("/api/v1/web/guest/default/context.json", new ByteArrayContent([0, 1, 2, 255]) { Headers = { ContentType = new MediaTypeHeaderValue("application/octet-stream") } });
        using var signedIn = await Guest.GetAsync("/api/v1/web/guest/default/context.json");
        using var wrongKey = await Platform.Client("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:wrong").GetAsync("/api/v1/web/guest/default/context.json");

        Assert.Multiple(async () =>
        {
            Assert.That(args.GetProperty("__ow_method").GetString(), Is.EqualTo("put"));
            Assert.That(args.GetProperty("__ow_path").GetString(), Is.EqualTo("/some/rest"));
            Assert.That(args.GetProperty("__ow_headers").GetProperty("x-custom").GetString(), Is.EqualTo("custom value"));
            Assert.That(args.GetProperty("__ow_headers").GetProperty("content-type").GetString(), Does.StartWith("application/json"));
            Assert.That(args.GetProperty("q").GetString(), Is.EqualTo("query"));
            Assert.That(args.GetProperty("b").GetInt32(), Is.EqualTo(2));
            Assert.That(args.GetProperty("both").GetString(), Is.EqualTo("body"), "the body wins over the query");
            Assert.That(args.TryGetProperty("__ow_user", out _), Is.False, "Anonymous");
            var formArgs = (await JsonOf(form)).GetProperty("args");
            Assert.That(formArgs.GetProperty("f").GetString(), Is.EqualTo("field"));
            Assert.That(formArgs.GetProperty("g").GetString(), Is.EqualTo("x y"));
            Assert.That((await JsonOf(text)).GetProperty("args").GetProperty("__ow_body").GetString(), Is.EqualTo("hello text"));
            Assert.That((await JsonOf(binary)).GetProperty("args").GetProperty("__ow_body").GetString(), Is.EqualTo(Convert.ToBase64String(new byte[] { 0, 1, 2, 255 })));
            Assert.That((await JsonOf(signedIn)).GetProperty("args").GetProperty("__ow_user").GetString(), Is.EqualTo("guest"));
            Assert.That(wrongKey.StatusCode, Is.EqualTo(HttpStatusCode.OK), "a wrong key is taken as Anonymous");
            Assert.That((await JsonOf(wrongKey)).GetProperty("args").TryGetProperty("__ow_user", out _), Is.False);
        });
    }

    [Test]
    public async Task A_raw_action_gets_the_query_and_body_as_they_came_and_binary_round_trips()
    {
        using var json = await Anonymous.PostAsync("/api/v1/web/guest/default/raw-context.json?a=1&b=two%20words", JsonContent(new { x = 1 }));
        var args = (await JsonOf(json)).GetProperty("args");
        var bytes = Enumerable.Range(0, 4096).Select(i => (byte)((i * 7) % 256)).ToArray();
        using var echoed = await Anonymous.PostAsync("/api/v1/web/guest/default/echo-bytes.http", new ByteArrayContent(bytes) { Headers = { ContentType = new MediaTypeHeaderValue("image/png") } });

        Assert.Multiple(async () =>
        {
            Assert.That(args.GetProperty("__ow_query").GetString(), Is.EqualTo("a=1&b=two%20words"));
            Assert.That(Encoding.UTF8.GetString(Convert.FromBase64String(args.GetProperty("__ow_body").GetString()!)), Is.EqualTo("""{"x":1}"""), "a raw JSON body is base64");
            Assert.That(args.TryGetProperty("a", out _), Is.False);
            Assert.That(echoed.Content.Headers.ContentType!.MediaType, Is.EqualTo("application/octet-stream"));
            Assert.That(await echoed.Content.ReadAsByteArrayAsync(), Is.EqualTo(bytes), "byte for byte");
        });
    }

    [Test]
    public async Task Parameters_that_collide_with_reserved_or_final_ones_are_refused()
    {
        await Guest.PutActionAsync("fixed", "nodejs:20", Context, new { parameters = Pairs(("fixed", "yes")), annotations = Pairs(("web-export", true), ("final", true)) });

        using var reserved = await Anonymous.GetAsync("/api/v1/web/guest/default/context.json?__ow_method=get");
        using var reservedInBody = await Anonymous.PostAsync("/api/v1/web/guest/default/context.json", JsonContent(new { __ow_path = "/x" }));
        using var final = await Anonymous.GetAsync("/api/v1/web/guest/default/fixed.json?fixed=no");
        using var notFinal = await Anonymous.GetAsync("/api/v1/web/guest/default/fixed.json?other=1");
        using var badJson = await Anonymous.PostAsync("/api/v1/web/guest/default/context.json", new StringContent("{not json", Encoding.UTF8, "application/json"));

        Assert.Multiple(async () =>
        {
            Assert.That(reserved.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorOf(reserved), Is.EqualTo("Request defines parameters that are not allowed (e.g., reserved properties)."));
            Assert.That(reservedInBody.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(final.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That((await JsonOf(notFinal)).GetProperty("args").GetProperty("fixed").GetString(), Is.EqualTo("yes"));
            Assert.That(badJson.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
            Assert.That(await ErrorOf(badJson), Does.StartWith("The request content was malformed"));
        });
    }

    [Test]
    public async Task A_browser_renders_an_html_web_action_that_fetches_a_json_web_action()
    {
        const string Page = """
            function main() {
              return { html: `<html><body><p id="out">loading</p><script>
                fetch('/api/v1/web/guest/default/ui-data.json?n=6')
                  .then(r => r.json())
                  .then(d => { document.getElementById('out').textContent = 'value: ' + d.value; });
              </script></body></html>` };
            }
            """;
        await Guest.PutActionAsync("ui-page", "nodejs:20", Page, new { annotations = Pairs(("web-export", true)) });
        await Guest.PutActionAsync("ui-data", "nodejs:20", "function main(p) { return { value: p.n * 7 }; }", new { annotations = Pairs(("web-export", true)) });

        var dom = await HeadlessBrowser.RenderAsync(new Uri(Platform.BaseAddress, "/api/v1/web/guest/default/ui-page.html"));

        Assert.That(dom, Does.Contain("<p id=\"out\">value: 42</p>"));
    }

    private static StringContent JsonContent(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    private static async Task<JsonElement> JsonOf(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private static async Task<string> ErrorOf(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;

    private Task<HttpResponseMessage> PostShapeAsync(string action, object shape) =>
        PostAsync("/api/v1/web/guest/default/" + action, JsonContent(new { shape }));

    private Task<HttpResponseMessage> PostAsync(string path, HttpContent content) => Anonymous.PostAsync(path, content);
}
