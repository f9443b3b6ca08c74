using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// One namespace never sees another's entities or activations: every route of every entity type, called by another
/// namespace, without a key and with a wrong key, on the real standalone. The other namespace plants a value in its
/// parameters and results; no answer to anyone else may hold it, and its owner sees it by name and through <c>_</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class TenantIsolationTests : StandaloneFixture
{
    private const string OtherUuid = "0a0a0a0a-1111-2222-3333-444444444444";
    private const string OtherSecret = "isolationSecret0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLM";
    private const string Planted = "PLANTED-BY-OTHER";
    private const string Echo = "function main(p) { return p; }";
    private const string ApiManagement = "/api/v1/web/whisk.system/apimgmt/";
    private string otherActivation = null!;

    protected override string? OtherKey => OtherUuid + ":" + OtherSecret;

    /// <summary>Routes of the other namespace's entities and activations: (method, path, status for guest, for no key, for a wrong key).</summary>
    public static IEnumerable<TestCaseData> ForeignRoutes()
    {
        var routes = new (string Method, string Path, int Guest)[]
        {
            ("GET", "other/actions", 403),
            ("GET", "other/actions/secret", 403),
            ("PUT", "other/actions/secret?overwrite=true", 403),
            ("PUT", "other/actions/planted-by-guest", 403),
            ("DELETE", "other/actions/secret", 403),
            ("POST", "other/actions/secret?blocking=true", 403),
            ("GET", "other/actions/private/inner", 403),
            ("POST", "other/actions/private/inner?blocking=true", 403),
            ("PUT", "other/actions/private/added-by-guest", 403),
            ("GET", "other/actions/private", 403),
            ("GET", "other/packages/private", 403),
            ("PUT", "other/packages/private?overwrite=true", 403),
            ("DELETE", "other/packages/private", 403),
            ("DELETE", "other/packages/public", 403),
            ("PUT", "other/packages/public?overwrite=true", 403),
            ("GET", "other/triggers", 403),
            ("GET", "other/triggers/alarm", 403),
            ("POST", "other/triggers/alarm", 403),
            ("PUT", "other/triggers/alarm?overwrite=true", 403),
            ("DELETE", "other/triggers/alarm", 403),
            ("GET", "other/rules", 403),
            ("GET", "other/rules/wire", 403),
            ("POST", "other/rules/wire", 403),
            ("PUT", "other/rules/wire?overwrite=true", 403),
            ("DELETE", "other/rules/wire", 403),
            ("GET", "other/activations", 403),
            ("GET", "other/activations/{activation}", 403),
            ("GET", "other/activations/{activation}/result", 403),
            ("GET", "other/activations/{activation}/logs", 403),
            ("GET", "_/activations/{activation}", 404),
            ("GET", "_/activations/{activation}/result", 404),
            ("GET", "_/activations/{activation}/logs", 404),
            ("GET", "guest/activations/{activation}", 404),
            ("GET", "other/limits", 403),
        };
        foreach (var (method, path, guest) in routes)
        {
            yield return new TestCaseData("guest", method, path, guest).SetName($"guest {method} {path} is {guest}");
            yield return new TestCaseData("no key", method, path, 401).SetName($"no key {method} {path} is 401");
            yield return new TestCaseData("wrong key", method, path, 401).SetName($"a wrong key {method} {path} is 401");
        }
    }

    /// <summary>The same namespace's routes, called by their owner by name and through <c>_</c>: (method, path, status, whether the answer shows the planted value).</summary>
    public static IEnumerable<TestCaseData> OwnRoutes()
    {
        var routes = new (string Method, string Path, int Status, bool ShowsPlanted)[]
        {
            ("GET", "actions", 200, false),
            ("GET", "actions/secret", 200, true),
            ("POST", "actions/secret?blocking=true", 200, true),
            ("GET", "actions/private/inner", 200, true),
            ("POST", "actions/private/inner?blocking=true", 200, true),
            ("PUT", "actions/made-by-owner?overwrite=true", 200, false),
            ("GET", "packages", 200, false),
            ("GET", "packages/private", 200, true),
            ("GET", "triggers", 200, false),
            ("GET", "triggers/alarm", 200, true),
            ("POST", "triggers/alarm", 202, false),
            ("GET", "rules", 200, false),
            ("GET", "rules/wire", 200, false),
            ("GET", "activations", 200, false),
            ("GET", "activations/{activation}", 200, true),
            ("GET", "activations/{activation}/result", 200, true),
            ("GET", "activations/{activation}/logs", 200, false),
            ("GET", "limits", 200, false),
        };
        foreach (var (method, path, status, shows) in routes)
        {
            foreach (var ns in new[] { "other", "_" })
            {
                yield return new TestCaseData(method, $"{ns}/{path}", status, shows).SetName($"the owner {method} {ns}/{path} is {status}");
            }
        }
    }

    protected override async Task OnStartedAsync()
    {
        await RequireAsync(Other.PutActionAsync("secret", "nodejs:20", Echo, new { parameters = Pairs(("token", Planted + "-action")) }));
        await RequireAsync(Other.PutPackageAsync("private", new { parameters = Pairs(("token", Planted + "-package")) }));
        await RequireAsync(Other.PutActionAsync("private/inner", "nodejs:20", Echo, new { parameters = Pairs(("token", Planted + "-inner")) }));
        await RequireAsync(Other.PutPackageAsync("public", new { publish = true }));
        await RequireAsync(Other.PutActionAsync("public/shared", "nodejs:20", "function main(p) { return { shared: true }; }"));
        await RequireAsync(Other.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/alarm", new { parameters = Pairs(("token", Planted + "-trigger")) }));
        await RequireAsync(Other.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/wire", new { trigger = "/_/alarm", action = "/_/secret" }));
        await RequireAsync(Other.PutActionAsync("site", "nodejs:20", "function main(p) { return { body: 'site' }; }", new { annotations = Pairs(("web-export", true)) }));
        await RequireAsync(Other.SendJsonAsync(HttpMethod.Post, ApiManagement + "createApi", RouteTo("/otherapi", "other", "site")));
        var invoked = await Other.InvokeAsync("secret", new { extra = Planted + "-payload" });
        Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
        otherActivation = invoked.Body.GetProperty("activationId").GetString()!;
    }

    [TestCaseSource(nameof(ForeignRoutes))]
    public async Task A_foreign_route_answers_its_status_and_shows_nothing_of_the_other_namespace(string caller, string method, string path, int expected)
    {
        using var client = Client(caller);
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1/namespaces/" + path.Replace("{activation}", otherActivation, StringComparison.Ordinal));
        if (method is "PUT" or "POST")
        {
            var body = path.Contains("/rules/", StringComparison.Ordinal)
                ? (object)new { status = "inactive", trigger = "/other/alarm", action = "/other/secret" }
                : new { exec = new { kind = "nodejs:20", code = Echo }, publish = true };
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(expected), text);
            Assert.That(text, Does.Not.Contain(Planted).And.Not.Contain(OtherSecret).And.Not.Contain("\"token\""));
        });
    }

    [TestCaseSource(nameof(OwnRoutes))]
    public async Task A_namespace_s_own_route_answers_its_owner_by_name_and_through_the_alias(string method, string path, int expected, bool showsPlanted)
    {
        using var client = Client("other");
        using var request = new HttpRequestMessage(new HttpMethod(method), "/api/v1/namespaces/" + path.Replace("{activation}", otherActivation, StringComparison.Ordinal));
        if (method is "PUT" or "POST")
        {
            request.Content = new StringContent(JsonSerializer.Serialize(new { exec = new { kind = "nodejs:20", code = Echo } }), Encoding.UTF8, "application/json");
        }

        using var response = await client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(expected), text);
            Assert.That(text, showsPlanted ? Does.Contain(Planted) : Does.Not.Contain(OtherSecret));
        });
    }

    [Test]
    public async Task The_other_namespace_sees_what_it_planted_so_the_matrix_can_fail()
    {
        var action = await Other.GetJsonAsync("/api/v1/namespaces/_/actions/secret");
        var record = await Other.GetJsonAsync("/api/v1/namespaces/_/activations/" + otherActivation);

        Assert.Multiple(() =>
        {
            Assert.That(action.Body.ToString(), Does.Contain(Planted + "-action"));
            Assert.That(record.Body.ToString(), Does.Contain(Planted + "-payload"));
        });
    }

    [TestCase("actions")]
    [TestCase("packages")]
    [TestCase("triggers")]
    [TestCase("rules")]
    [TestCase("activations")]
    [TestCase("activations?docs=true")]
    public async Task A_namespace_s_own_listings_hold_nothing_of_another(string collection)
    {
        foreach (var ns in new[] { "_", "guest" })
        {
            var (status, body) = await Guest.GetJsonAsync($"/api/v1/namespaces/{ns}/{collection}");
            var text = body.ToString();

            Assert.Multiple(() =>
            {
                Assert.That(status, Is.EqualTo(200));
                Assert.That(text, Does.Not.Contain(Planted).And.Not.Contain(otherActivation));
                Assert.That(text, Does.Not.Contain("\"secret\"").And.Not.Contain("\"wire\"").And.Not.Contain("\"alarm\"").And.Not.Contain("\"private\""));
            });
        }
    }

    [Test]
    public async Task Another_namespace_lists_only_the_published_packages()
    {
        var (status, body) = await Guest.GetJsonAsync("/api/v1/namespaces/other/packages");

        Assert.Multiple(() =>
        {
            Assert.That(status, Is.EqualTo(200));
            Assert.That(body.EnumerateArray().Select(p => p.GetProperty("name").GetString()), Is.EqualTo(new[] { "public" }));
        });
    }

    [Test]
    public async Task A_published_package_is_read_invoked_and_bound_and_a_private_one_cannot_be_bound()
    {
        var read = await Guest.GetJsonAsync("/api/v1/namespaces/other/packages/public");
        var invoked = await Guest.InvokePathAsync("other/actions/public/shared", result: true);
        var bound = await Guest.PutPackageAsync("to-public", new { binding = new { @namespace = "other", name = "public" } }, overwrite: true);
        var throughBinding = await Guest.InvokePathAsync("_/actions/to-public/shared", result: true);
        var boundPrivate = await Guest.PutPackageAsync("to-private", new { binding = new { @namespace = "other", name = "private" } }, overwrite: true);
        var inner = await Guest.InvokePathAsync("_/actions/to-private/inner", result: true);

        Assert.Multiple(() =>
        {
            Assert.That(read.Status, Is.EqualTo(200));
            Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
            Assert.That(invoked.Body.GetProperty("shared").GetBoolean(), Is.True);
            Assert.That(bound.Status, Is.EqualTo(200), bound.Body.ToString());
            Assert.That(throughBinding.Body.GetProperty("shared").GetBoolean(), Is.True);
            Assert.That(boundPrivate.Status, Is.EqualTo(403), boundPrivate.Body.ToString());
            Assert.That(inner.Status, Is.EqualTo(404), inner.Body.ToString());
            Assert.That(boundPrivate.Body.ToString() + inner.Body, Does.Not.Contain(Planted));
        });
    }

    [TestCase("/api/v1/web/other/default/secret.json")]
    [TestCase("/api/v1/web/other/private/inner.json")]
    [TestCase("/api/v1/web/other/public/shared.json")]
    public async Task Actions_that_are_not_web_actions_are_not_found_on_the_web_path(string url)
    {
        using var response = await Anonymous.GetAsync(url);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)response.StatusCode, Is.EqualTo(404), text);
            Assert.That(text, Does.Not.Contain(Planted));
        });
    }

    [Test]
    public async Task Another_namespace_s_api_routes_are_neither_listed_nor_deleted_and_a_route_to_its_private_action_finds_nothing()
    {
        var listed = await Guest.GetJsonAsync(ApiManagement + "getApi?basepath=/otherapi");
        var all = await Guest.GetJsonAsync(ApiManagement + "getApi");
        var deleted = await Guest.SendJsonAsync(HttpMethod.Delete, ApiManagement + "deleteApi?basepath=/otherapi");
        var stillThere = await Other.GetJsonAsync(ApiManagement + "getApi?basepath=/otherapi");
        var sneaky = await Guest.SendJsonAsync(HttpMethod.Post, ApiManagement + "createApi", RouteTo("/sneaky", "other", "secret"));
        var sneakyUrl = sneaky.Body.TryGetProperty("value", out var value) && value.TryGetProperty("gwApiUrl", out var gw) ? gw.GetString() : null;
        using var throughRoute = sneakyUrl is null ? null : await Anonymous.GetAsync(new Uri(sneakyUrl).PathAndQuery + "/x");
        var routed = throughRoute is null ? string.Empty : await throughRoute.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(listed.Body.GetProperty("apis").GetArrayLength(), Is.Zero, listed.Body.ToString());
            Assert.That(all.Body.ToString(), Does.Not.Contain("/otherapi"));
            Assert.That(deleted.Status, Is.Not.EqualTo(200), deleted.Body.ToString());
            Assert.That(stillThere.Body.GetProperty("apis").GetArrayLength(), Is.EqualTo(1), "the other namespace keeps its route");
            Assert.That(sneaky.Status, Is.EqualTo(200), "a route of one's own to any URL is allowed: " + sneaky.Body);
            Assert.That((int?)throughRoute?.StatusCode, Is.EqualTo(404), "the private action is not a web action: " + routed);
            Assert.That(routed, Does.Not.Contain(Planted));
        });
    }

    /// <summary>A route <c>GET {basePath}/x</c> to the web action <paramref name="action"/> of <paramref name="ns"/>.</summary>
    private object RouteTo(string basePath, string ns, string action) => new
    {
        apidoc = new
        {
            @namespace = "_",
            gatewayBasePath = basePath,
            gatewayPath = "/x",
            gatewayMethod = "GET",
            id = "API:_:" + basePath,
            action = new { name = action, @namespace = ns, backendMethod = "GET", backendUrl = Platform.BaseAddress + $"api/v1/web/{ns}/default/{action}.http", authkey = "unused" },
        },
    };

    private static async Task RequireAsync(Task<(int Status, JsonElement Body)> call)
    {
        var (status, body) = await call;
        Assert.That(status, Is.EqualTo(200), body.ToString());
    }

    private HttpClient Client(string caller)
    {
        var client = new HttpClient { BaseAddress = Platform.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };
        var key = caller switch
        {
            "guest" => StandaloneProcess.GuestKey,
            "other" => OtherUuid + ":" + OtherSecret,
            "wrong key" => OtherUuid + ":" + OtherSecret[..^1] + "X",
            _ => null,
        };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(key)));
        }

        return client;
    }
}
