using System.Diagnostics;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The <c>whisk.system/utils</c> catalog, actions that call the platform's API from their container, and blackbox
/// actions, on the real standalone with Docker.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class CatalogBlackboxAndActionApiTests : StandaloneFixture
{
    private const string SystemKey = "789c46b1-71f6-4ed5-8c54-816aa4f8c502:abczO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Limits:AllowedBlackboxImages:0"] = "openwhisknet/action-*",
    };

    [Test]
    public async Task The_utils_catalog_answers_from_any_namespace_as_openwhisk_s_does()
    {
        const string Utils = "whisk.system/actions/utils/";
        var echo = await Guest.InvokePathAsync(Utils + "echo", new { a = 1 }, result: true);
        var cat = await Guest.InvokePathAsync(Utils + "cat", new { lines = new object[] { "a", 2, "c" } }, result: true);
        var head = await Guest.InvokePathAsync(Utils + "head", new { lines = new[] { "a", "b", "c" }, num = 0 }, result: true);
        var sort = await Guest.InvokePathAsync(Utils + "sort", new { lines = new[] { 10, 9, 1 } }, result: true);
        var split = await Guest.InvokePathAsync(Utils + "split", new { payload = "x\r\ny\nz" }, result: true);
        var splitWithout = await Guest.InvokePathAsync(Utils + "split", new { });
        var smash = await Guest.InvokePathAsync(Utils + "smash", new { a = 1, b = 2, fieldName = "ignored" }, result: true);
        var smashed = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/" + Utils + "smash?blocking=true&result=true", "{\"$fieldName\": \"all\", \"a\": 1}");
        var date = await Guest.InvokePathAsync(Utils + "date", result: true);
        var ns = await Guest.InvokePathAsync(Utils + "namespace", result: true);
        var web = await Guest.InvokePathAsync(Utils + "hosturl", new { web = true, path = "hello", ext = ".json" }, result: true);
        var trigger = await Guest.InvokePathAsync(Utils + "hosturl", new { trigger = true, path = "pkg/t" }, result: true);
        var listed = await Guest.GetJsonAsync("/api/v1/namespaces/whisk.system/packages");

        Assert.Multiple(() =>
        {
            Assert.That(echo.Body.GetProperty("a").GetInt32(), Is.EqualTo(1));
            Assert.That(cat.Body.GetProperty("payload").GetString(), Is.EqualTo("a\n2\nc"));
            Assert.That(head.Body.GetProperty("lines").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "a" }), "num 0 means 1");
            Assert.That(sort.Body.GetProperty("lines").EnumerateArray().Select(l => l.GetInt32()), Is.EqualTo(new[] { 1, 10, 9 }), "JavaScript sorts as text");
            Assert.That(split.Body.GetProperty("lines").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "x", "y", "z" }));
            Assert.That(splitWithout.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(smash.Body.GetProperty("error").GetString(), Is.EqualTo("Expected an argument '$fieldName' of type 'string'."));
            Assert.That(smashed.Body.GetProperty("all").GetProperty("a").GetInt32(), Is.EqualTo(1));
            Assert.That(date.Body.GetProperty("date").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(ns.Body.GetProperty("namespace").GetString(), Is.EqualTo("guest"), "the invoking namespace, not whisk.system");
            Assert.That(web.Body.GetProperty("url").GetString(), Is.EqualTo(Platform.BaseAddress.ToString().TrimEnd('/') + "/api/v1/web/guest/default/hello.json"));
            Assert.That(trigger.Body.GetProperty("error").GetString(), Is.EqualTo("triggers are not allowed in packages."));
            Assert.That(listed.Body.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "utils").GetProperty("publish").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Actions_reach_the_platform_api_at_ow_api_host_from_their_container()
    {
        const string NodeCaller = """
            const openwhisk = require('openwhisk');
            async function main() {
              const ow = openwhisk();
              const echoed = await ow.actions.invoke({ name: '/whisk.system/utils/echo', blocking: true, result: true, params: { via: 'node' } });
              return { echoed, host: process.env.__OW_API_HOST };
            }
            """;
        const string PythonCaller = """
            import base64, json, os, urllib.request
            def main(args):
                url = os.environ["__OW_API_HOST"] + "/api/v1/namespaces/whisk.system/actions/utils/echo?blocking=true&result=true"
                request = urllib.request.Request(url, data=json.dumps({"via": "python"}).encode(), method="POST")
                request.add_header("Content-Type", "application/json")
                request.add_header("Authorization", "Basic " + base64.b64encode(os.environ["__OW_API_KEY"].encode()).decode())
                with urllib.request.urlopen(request) as response:
                    return {"echoed": json.loads(response.read())}
            """;
        await Guest.PutActionAsync("node-caller", "nodejs:20", NodeCaller, new { annotations = Pairs(("provide-api-key", true)) });
        await Guest.PutActionAsync("python-caller", "python:3", PythonCaller, new { annotations = Pairs(("provide-api-key", true)) });
        await Guest.PutActionAsync("no-key", "nodejs:20", "function main() { return { key: process.env.__OW_API_KEY || 'none' }; }");

        var node = await Guest.InvokeAsync("node-caller", result: true);
        var python = await Guest.InvokeAsync("python-caller", result: true);
        var noKey = await Guest.InvokeAsync("no-key", result: true);

        Assert.Multiple(() =>
        {
            Assert.That(node.Status, Is.EqualTo(200), node.Body.ToString());
            Assert.That(node.Body.GetProperty("echoed").GetProperty("via").GetString(), Is.EqualTo("node"));
            Assert.That(node.Body.GetProperty("host").GetString(), Is.EqualTo(Platform.BaseAddress.ToString().TrimEnd('/')), "the same URL works inside and outside");
            Assert.That(python.Status, Is.EqualTo(200), python.Body.ToString());
            Assert.That(python.Body.GetProperty("echoed").GetProperty("via").GetString(), Is.EqualTo("python"));
            Assert.That(noKey.Body.GetProperty("key").GetString(), Is.EqualTo("none"), "new actions get provide-api-key false");
        });
    }

    [Test]
    public async Task A_blackbox_action_runs_a_local_image_and_a_missing_image_fails_fast_naming_it()
    {
        var created = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/boxed", new { exec = new { kind = "blackbox", image = "openwhisknet/action-nodejs-v20", code = "function main(p) { return { boxed: p.n }; }" } });
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/boxed-missing", new { exec = new { kind = "blackbox", image = "openwhisknet/action-missing:1.0" } });
        var refused = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/boxed-other", new { exec = new { kind = "blackbox", image = "busybox" } });
        var invalid = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/boxed-invalid", new { exec = new { kind = "blackbox", image = "Not An Image" } });

        var ran = await Guest.InvokeAsync("boxed", new { n = 7 }, result: true);
        var clock = Stopwatch.StartNew();
        var missing = await Guest.InvokeAsync("boxed-missing");
        var missingTook = clock.Elapsed;

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(created.Body.GetProperty("exec").GetProperty("image").GetString(), Is.EqualTo("openwhisknet/action-nodejs-v20"));
            Assert.That(ran.Body.GetProperty("boxed").GetInt32(), Is.EqualTo(7));
            Assert.That(missing.Status, Is.EqualTo(502));
            Assert.That(missing.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(missing.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Does.Contain("openwhisknet/action-missing:1.0"));
            Assert.That(missingTook, Is.LessThan(TimeSpan.FromSeconds(60)), "a missing image never hangs the caller");
            Assert.That(refused.Status, Is.EqualTo(403));
            Assert.That(refused.Body.Error(), Is.EqualTo("The image 'busybox' is not allowed for blackbox actions in this deployment."));
            Assert.That(invalid.Status, Is.EqualTo(400));
        });
    }

    [Test]
    public async Task The_catalog_is_updated_in_place_across_restarts_and_can_be_turned_off()
    {
        using var system = Platform.Client(SystemKey);
        var before = await system.GetJsonAsync("/api/v1/namespaces/_/actions/utils/");
        await Platform.RestartAsync();
        var after = await system.GetJsonAsync("/api/v1/namespaces/_/actions/utils/");

        await using var bare = await StandaloneProcess.StartAsync(new Dictionary<string, string> { ["Catalog:Enabled"] = "false" });
        using var bareSystem = bare.Client(SystemKey);
        var absent = await bareSystem.GetJsonAsync("/api/v1/namespaces/_/packages/utils");

        Assert.Multiple(() =>
        {
            Assert.That(after.Body.GetArrayLength(), Is.EqualTo(before.Body.GetArrayLength()), "nothing is duplicated");
            Assert.That(after.Body.EnumerateArray().Select(a => a.GetProperty("version").GetString()).Distinct(), Is.EqualTo(new[] { "0.0.1" }), "unchanged entities are not rewritten");
            Assert.That(absent.Status, Is.EqualTo(404));
        });
    }
}
