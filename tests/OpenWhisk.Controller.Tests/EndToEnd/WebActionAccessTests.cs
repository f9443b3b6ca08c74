using System.Net;
using System.Text;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>Who may call a web action, how it is found, CORS, limits and slow actions, on the real standalone.</summary>
[TestFixture]
[NonParallelizable]
public sealed class WebActionAccessTests : StandaloneFixture
{
    private const string OwnerKey = "abababab-bbbb-cccc-dddd-eeeeeeeeeeee:ownersecret0123456789abcdefg";
    private const string Hello = "function main(p) { return { greeting: (p.greeting || 'hello') + ' ' + (p.name || 'world') }; }";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Controller:BlockingTimeout"] = "00:00:15",
        ["Limits:PayloadMaxBytes"] = "65536",
        ["Identities:0:Subject"] = "owner",
        ["Identities:0:Key"] = OwnerKey,
        ["Identities:0:InvocationsPerMinute"] = "2",
    };

    protected override async Task OnStartedAsync()
    {
        await Guest.PutActionAsync("hello", "nodejs:20", Hello, new { annotations = Pairs(("web-export", true)) });
    }

    [Test]
    public async Task An_unknown_namespace_a_missing_action_and_a_private_one_all_answer_the_same_404()
    {
        await Guest.PutActionAsync("private", "nodejs:20", Hello);
        var urls = new[] { "/api/v1/web/nobody/default/hello.json", "/api/v1/web/guest/default/missing.json", "/api/v1/web/guest/default/private.json", "/api/v1/web/guest/nopkg/hello.json", "/api/v1/web/guest/default" };

        var answers = new List<(HttpStatusCode, string)>();
        foreach (var url in urls)
        {
            using var response = await Anonymous.GetAsync(url);
            var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()!;
            answers.Add((response.StatusCode, error));
        }

        Assert.That(answers, Is.All.EqualTo((HttpStatusCode.NotFound, "The requested resource does not exist.")));
    }

    [Test]
    public async Task Require_whisk_auth_takes_a_key_or_a_secret_header()
    {
        await Guest.PutActionAsync("keyed", "nodejs:20", Hello, new { annotations = Pairs(("web-export", true), ("require-whisk-auth", true)) });
        await Guest.PutActionAsync("secret", "nodejs:20", Hello, new { annotations = Pairs(("web-export", true), ("require-whisk-auth", "s3cret")) });
        await Guest.PutActionAsync("numbered", "nodejs:20", Hello, new { annotations = Pairs(("web-export", true), ("require-whisk-auth", 1234)) });

        var keyedAnonymous = await StatusAsync(Anonymous, "keyed", null);
        var keyedGuest = await StatusAsync(Guest, "keyed", null);
        var secretMissing = await StatusAsync(Anonymous, "secret", null);
        var secretWrong = await StatusAsync(Anonymous, "secret", "s3cre");
        var secretRight = await StatusAsync(Anonymous, "secret", "s3cret");
        var numberRight = await StatusAsync(Anonymous, "numbered", "1234");
        using var unauthorized = await Anonymous.GetAsync("/api/v1/web/guest/default/keyed.json");

        Assert.Multiple(() =>
        {
            Assert.That(keyedAnonymous, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(keyedGuest, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(secretMissing, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(secretWrong, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(secretRight, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(numberRight, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(unauthorized.Headers.WwwAuthenticate, Is.Empty, "no browser login prompt");
        });
    }

    [Test]
    public async Task Cors_headers_and_options_come_from_the_controller_unless_the_action_answers_options()
    {
        await Guest.PutActionAsync("own-options", "nodejs:20", "function main(p) { return { statusCode: 200, headers: { 'Access-Control-Allow-Origin': 'https://app.example', 'X-Method': p.__ow_method } }; }",
            new { annotations = Pairs(("web-export", true), ("web-custom-options", true)) });

        using var preflight = new HttpRequestMessage(HttpMethod.Options, "/api/v1/web/guest/default/hello.json");
        preflight.Headers.Add("Access-Control-Request-Headers", "X-Custom, Content-Type");
        using var options = await Anonymous.SendAsync(preflight);
        using var get = await Anonymous.GetAsync("/api/v1/web/guest/default/hello.json");
        using var custom = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Options, "/api/v1/web/guest/default/own-options.http"));

        Assert.Multiple(() =>
        {
            Assert.That(options.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(options.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
            Assert.That(options.Headers.GetValues("Access-Control-Allow-Headers").Single(), Is.EqualTo("X-Custom, Content-Type"));
            Assert.That(options.Headers.GetValues("Access-Control-Allow-Methods").Single(), Is.EqualTo("OPTIONS, GET, DELETE, POST, PUT, HEAD, PATCH"));
            Assert.That(options.Headers.Contains("x-openwhisk-activation-id"), Is.False, "the controller answered");
            Assert.That(get.Headers.GetValues("Access-Control-Allow-Headers").Single(), Is.EqualTo("Authorization, Origin, X-Requested-With, Content-Type, Accept, User-Agent"));
            Assert.That(custom.Headers.GetValues("X-Method").Single(), Is.EqualTo("options"), "the action answered");
            Assert.That(custom.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("https://app.example"));
        });
    }

    [Test]
    public async Task Web_actions_in_packages_bindings_and_sequences_run()
    {
        await Guest.PutPackageAsync("site", new { parameters = Pairs(("greeting", "package")) });
        await Guest.PutActionAsync("site/page", "nodejs:20", Hello, new { annotations = Pairs(("web-export", true)) });
        await Guest.PutPackageAsync("site-bound", new { binding = new { @namespace = "guest", name = "site" }, parameters = Pairs(("name", "binding")) });
        await Guest.PutActionAsync("shout", "nodejs:20", "function main(p) { return { greeting: p.greeting.toUpperCase() }; }");
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/hello-loud", new
        {
            exec = new { kind = "sequence", components = new[] { "/guest/hello", "/guest/shout" } },
            annotations = Pairs(("web-export", true)),
        });

        var page = await JsonAsync("/api/v1/web/guest/site/page.json");
        var bound = await JsonAsync("/api/v1/web/guest/site-bound/page.json");
        var sequence = await JsonAsync("/api/v1/web/guest/default/hello-loud.json?name=web");

        Assert.Multiple(() =>
        {
            Assert.That(page.GetProperty("greeting").GetString(), Is.EqualTo("package world"));
            Assert.That(bound.GetProperty("greeting").GetString(), Is.EqualTo("package binding"));
            Assert.That(sequence.GetProperty("greeting").GetString(), Is.EqualTo("HELLO WEB"));
        });
    }

    [Test]
    public async Task A_slow_action_answers_202_with_its_id_and_a_big_body_413_before_it_runs()
    {
        await Guest.PutActionAsync("slow", "nodejs:20", "function main() { return new Promise(r => setTimeout(() => r({ done: true }), 20000)); }", new { annotations = Pairs(("web-export", true)) });

        using var slow = await Anonymous.GetAsync("/api/v1/web/guest/default/slow.json");
        var id = slow.Headers.GetValues("x-openwhisk-activation-id").Single();
        var slowError = JsonDocument.Parse(await slow.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString();
        using var big = await Anonymous.PostAsync("/api/v1/web/guest/default/hello.json", new StringContent(new string('x', 70_000), Encoding.UTF8, "text/plain"));
        var record = await Guest.WaitForRecordAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(slow.StatusCode, Is.EqualTo(HttpStatusCode.Accepted));
            Assert.That(slowError, Is.EqualTo("Response not yet ready."));
            Assert.That(record.GetProperty("response").GetProperty("result").GetProperty("done").GetBoolean(), Is.True, "it ran to the end");
            Assert.That(big.StatusCode, Is.EqualTo(HttpStatusCode.RequestEntityTooLarge));
        });
    }

    [Test]
    public async Task Web_calls_count_against_the_owner_s_throttles()
    {
        using var owner = Platform.Client(OwnerKey);
        await owner.PutActionAsync("counted", "nodejs:20", Hello, new { annotations = Pairs(("web-export", true)) });

        await ThrottleWindows.WaitForRoomAsync();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await Anonymous.GetAsync("/api/v1/web/owner/default/counted.json");
            statuses.Add(response.StatusCode);
        }

        Assert.That(statuses, Is.EqualTo(new[] { HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests }));
    }

    [Test]
    public async Task Odd_requests_and_odd_api_documents_get_clear_answers_never_a_500()
    {
        const string CreateApi = "/api/v1/web/whisk.system/apimgmt/createApi";
        using var bare = await Anonymous.GetAsync("/api/v1/web");
        using var propfind = await Anonymous.SendAsync(new HttpRequestMessage(new HttpMethod("PROPFIND"), "/api/v1/web/guest/default/hello.json"));
        using var preflight = await Anonymous.SendAsync(new HttpRequestMessage(HttpMethod.Options, CreateApi));
        var badSwagger = await Guest.SendJsonAsync(HttpMethod.Post, CreateApi, new { apidoc = new { @namespace = "_", swagger = new { basePath = 5, paths = Array.Empty<int>(), info = new { } } } });
        var oddSwagger = await Guest.SendJsonAsync(HttpMethod.Post, CreateApi, new
        {
            apidoc = new
            {
                @namespace = "_",
                swagger = new Dictionary<string, object>
                {
                    ["basePath"] = "/odd",
                    ["info"] = new { title = "odd" },
                    ["paths"] = new Dictionary<string, object> { ["/x"] = new { get = "not an operation", parameters = new[] { 1 } } },
                    ["x-ibm-configuration"] = new { assembly = new { execute = "not a list" } },
                },
            },
        });
        using var odd = await Anonymous.GetAsync("/api/guest/odd/x");

        Assert.Multiple(() =>
        {
            Assert.That(bare.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That((int)propfind.StatusCode, Is.EqualTo(404).Or.EqualTo(405));
            Assert.That(preflight.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(preflight.Headers.GetValues("Access-Control-Allow-Origin").Single(), Is.EqualTo("*"));
            Assert.That(badSwagger.Status, Is.EqualTo(502));
            Assert.That(badSwagger.Body.Error(), Does.StartWith("API creation failure: the swagger document needs a basePath"));
            Assert.That(oddSwagger.Status, Is.EqualTo(200), oddSwagger.Body.ToString());
            Assert.That(odd.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a path without operations routes nowhere");
        });
    }

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string action, string? secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/web/guest/default/{action}.json");
        if (secret is not null)
        {
            request.Headers.Add("X-Require-Whisk-Auth", secret);
        }

        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<JsonElement> JsonAsync(string path)
    {
        using var response = await Anonymous.GetAsync(path);
        var text = await response.Content.ReadAsStringAsync();
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), text);
        return JsonDocument.Parse(text).RootElement.Clone();
    }
}
