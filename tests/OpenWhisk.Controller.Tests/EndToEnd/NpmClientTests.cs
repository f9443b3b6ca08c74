using System.Text.Json;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The official <c>openwhisk</c> npm package and <c>openwhisk-composer</c> (installed with npm) drive the standalone
/// platform.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NpmClientTests
{
    private StandaloneProcess platform = null!;
    private string workDirectory = null!;

    [OneTimeSetUp]
    public async Task Prepare()
    {
        DockerRequirement.Require();
        workDirectory = Path.Combine(Path.GetTempPath(), "ow-npm-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(workDirectory);
        var source = Path.Combine(AppContext.BaseDirectory, "EndToEnd", "npm-client");
        foreach (var file in new[] { "package.json", "client-test.js", "programming-model-test.js", "composition.js", "composer-test.js", "events-test.js", "routes-test.js" })
        {
            File.Copy(Path.Combine(source, file), Path.Combine(workDirectory, file));
        }

        var install = await RunAsync("npm", ["install", "--no-audit", "--no-fund", "--loglevel=error"], new Dictionary<string, string>());
        Assert.That(install.ExitCode, Is.Zero, "npm install openwhisk failed:\n" + install.Output);
        platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Limits:InvocationsPerMinute"] = "100000",
            ["Limits:ConcurrentInvocations"] = "100",
        });
    }

    [OneTimeTearDown]
    public async Task CleanUp()
    {
        if (platform is not null)
        {
            await platform.DisposeAsync();
        }

        if (workDirectory is not null && Directory.Exists(workDirectory))
        {
            Directory.Delete(workDirectory, recursive: true);
        }
    }

    [Test]
    public async Task The_official_npm_client_creates_invokes_and_reads_activations_and_logs()
    {
        var run = await RunAsync("node", ["client-test.js"], new Dictionary<string, string>
        {
            ["APIHOST"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["AUTH"] = StandaloneProcess.GuestKey,
        });
        Assert.That(run.ExitCode, Is.Zero, "the npm client failed:\n" + run.Output + "\nplatform:\n" + platform.Output);

        var seen = JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("created").GetProperty("name").GetString(), Is.EqualTo("npm-hello"));
            Assert.That(seen.GetProperty("result").GetProperty("hello").GetString(), Is.EqualTo("npm"));
            Assert.That(seen.GetProperty("activation").GetProperty("response").GetProperty("result").GetProperty("hello").GetString(), Is.EqualTo("record"));
            Assert.That(seen.GetProperty("fetched").GetProperty("activationId").GetString(), Is.EqualTo(seen.GetProperty("activation").GetProperty("activationId").GetString()));
            Assert.That(seen.GetProperty("logs").GetProperty("logs")[0].GetString(), Does.EndWith("stdout: npm client says hi to record"));
            Assert.That(seen.GetProperty("listed").EnumerateArray().Select(n => n.GetString()), Does.Contain("npm-hello"));
        });
    }

    [Test]
    public async Task The_official_npm_client_drives_packages_bindings_sequences_and_the_catalog()
    {
        var seen = await RunScriptAsync("programming-model-test.js");

        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("created").GetProperty("publish").GetBoolean(), Is.True);
            Assert.That(seen.GetProperty("pkg").GetProperty("actions")[0].GetProperty("name").GetString(), Is.EqualTo("upper"));
            Assert.That(seen.GetProperty("binding").GetProperty("binding").GetProperty("name").GetString(), Is.EqualTo("utils"));
            Assert.That(seen.GetProperty("split").GetProperty("lines").EnumerateArray().Select(l => l.GetString()), Is.EqualTo(new[] { "c", "a", "b" }), "the binding's separator parameter applies");
            Assert.That(seen.GetProperty("sequence").GetProperty("exec").GetProperty("kind").GetString(), Is.EqualTo("sequence"));
            Assert.That(seen.GetProperty("sorted").GetProperty("payload").GetString(), Is.EqualTo("apple\nfig\npear"));
            Assert.That(seen.GetProperty("upperResult").GetProperty("text").GetString(), Is.EqualTo(">SHOUT"), "the package's parameter applies");
            Assert.That(seen.GetProperty("date").GetProperty("date").GetString(), Does.Match(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$"));
            Assert.That(seen.GetProperty("catalog").EnumerateArray().Select(p => p.GetString()), Does.Contain("utils"));
            Assert.That(seen.GetProperty("utilsActions").EnumerateArray().Select(p => p.GetString()), Is.SupersetOf(new[] { "cat", "date", "echo", "head", "hosturl", "namespace", "smash", "sort", "split" }));
            Assert.That(seen.GetProperty("inPackage").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "upper" }));
            Assert.That(seen.GetProperty("packages").EnumerateArray().Select(p => p.GetString()), Is.SupersetOf(new[] { "npm-utils", "npm-tools" }));
            Assert.That(seen.GetProperty("deleted").GetString(), Is.EqualTo("npm-tools"));
        });
    }

    [Test]
    public async Task Compositions_of_openwhisk_composer_deploy_and_run_with_let_sequence_if_while_and_try()
    {
        var seen = await RunScriptAsync("composer-test.js");

        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("deployed").GetString(), Does.StartWith("ok: created actions"));
            var annotations = seen.GetProperty("annotations").EnumerateArray().ToDictionary(a => a.GetProperty("key").GetString()!, a => a.GetProperty("value"));
            Assert.That(annotations["conductor"].ValueKind, Is.EqualTo(JsonValueKind.Object), "composer annotates the whole composition");
            Assert.That(annotations["provide-api-key"].GetBoolean(), Is.True);
            var small = seen.GetProperty("small");
            Assert.That(small.GetProperty("n").GetInt32(), Is.EqualTo(100), "5 doubled is small, then 30 added until 100");
            Assert.That(small.GetProperty("size").GetString(), Is.EqualTo("small"));
            Assert.That(small.GetProperty("rounds").GetInt32(), Is.EqualTo(3), "the let variable counted the loop's rounds");
            var record = seen.GetProperty("smallRecord");
            Assert.That(record.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(record.GetProperty("logs").GetInt32(), Is.GreaterThan(10));
            Assert.That(seen.GetProperty("big").GetProperty("recovered").GetString(), Is.EqualTo("too big: 110"), "40 doubled is big, 30 added once; try caught the error");
        });
    }

    [Test]
    public async Task The_official_npm_client_drives_triggers_rules_fires_and_the_alarms_feed()
    {
        var seen = await RunScriptAsync("events-test.js");

        Assert.Multiple(() =>
        {
            Assert.That(seen.GetProperty("trigger").GetProperty("name").GetString(), Is.EqualTo("npm-event"));
            Assert.That(seen.GetProperty("rule").GetProperty("status").GetString(), Is.EqualTo("active"));
            Assert.That(seen.GetProperty("fired").GetProperty("activationId").GetString(), Has.Length.EqualTo(32));
            Assert.That(seen.GetProperty("ruleAfterDisable").GetProperty("status").GetString(), Is.EqualTo("inactive"));
            Assert.That(seen.GetProperty("rules").EnumerateArray().Select(r => r.GetString()), Does.Contain("npm-event-rule"));
            Assert.That(seen.GetProperty("triggers").EnumerateArray().Select(t => t.GetString()), Does.Contain("npm-event"));
            Assert.That(seen.GetProperty("feed").GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(seen.GetProperty("ticks").GetInt32(), Is.GreaterThanOrEqualTo(2), "the alarm fired the trigger every second");
            Assert.That(seen.GetProperty("feedRead").GetProperty("config").GetProperty("cron").GetString(), Is.EqualTo("* * * * * *"));
            Assert.That(seen.GetProperty("feedDeleted").GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(seen.GetProperty("deletedTrigger").GetString(), Is.EqualTo("npm-event"));
        });
    }

    [Test]
    public async Task Api_routes_made_with_the_npm_client_serve_curl_and_survive_a_restart()
    {
        var seen = await RunScriptAsync("routes-test.js");
        var gwApiUrl = seen.GetProperty("lookup").GetProperty("value").GetProperty("gwApiUrl").GetString()!;
        var uuid = StandaloneProcess.GuestKey.Split(':')[0];

        var book = await CurlAsync("GET", gwApiUrl + "/books/978-0596517748");
        var added = await CurlAsync("POST", gwApiUrl + "/books", """{"title":"Dune"}""");
        var byName = await CurlAsync("GET", platform.BaseAddress + "api/guest/club/books/42");
        var wrongVerb = await CurlAsync("DELETE", gwApiUrl + "/books/1");
        var gone = await CurlAsync("GET", platform.BaseAddress + $"api/{uuid}/gone/soon");
        await platform.RestartAsync();
        var afterRestart = await CurlAsync("GET", gwApiUrl + "/books/1");

        Assert.Multiple(() =>
        {
            Assert.That(gwApiUrl, Is.EqualTo(platform.BaseAddress + $"api/{uuid}/club"));
            var apidoc = seen.GetProperty("club").GetProperty("apis")[0].GetProperty("value").GetProperty("apidoc");
            Assert.That(apidoc.GetProperty("paths").GetProperty("/books/{isbn}").GetProperty("get").GetProperty("operationId").GetString(), Is.EqualTo("getBooksIsbn"));
            Assert.That(apidoc.GetProperty("paths").GetProperty("/books").GetProperty("post").GetProperty("x-openwhisk").GetProperty("action").GetString(), Is.EqualTo("npm-book-add"));
            Assert.That(seen.GetProperty("listed").EnumerateArray().Select(p => p.GetString()), Is.EquivalentTo(new[] { "/club", "/gone" }));
            Assert.That(seen.GetProperty("afterDelete").EnumerateArray().Select(p => p.GetString()), Is.EqualTo(new[] { "/club" }), "the last path of /gone took the API with it");
            Assert.That(seen.GetProperty("refused").GetProperty("statusCode").GetInt32(), Is.EqualTo(502));
            Assert.That(seen.GetProperty("refused").GetProperty("message").GetString(), Does.Contain("API deletion failure: API '/never' does not exist."));
            Assert.That(book.Status, Is.EqualTo(200));
            Assert.That(book.Body.GetProperty("isbn").GetString(), Is.EqualTo("978-0596517748"));
            Assert.That(book.Body.GetProperty("path").GetString(), Is.EqualTo("/club/books/978-0596517748"), "the http type gets the request path");
            Assert.That(added.Body.GetProperty("added").GetString(), Is.EqualTo("Dune"));
            Assert.That(byName.Body.GetProperty("isbn").GetString(), Is.EqualTo("42"), "the namespace name works in place of its uuid");
            Assert.That(wrongVerb.Status, Is.EqualTo(404));
            Assert.That(gone.Status, Is.EqualTo(404));
            Assert.That(afterRestart.Body.GetProperty("isbn").GetString(), Is.EqualTo("1"));
        });
    }

    private async Task<(int Status, JsonElement Body)> CurlAsync(string method, string url, string? json = null)
    {
        string[] arguments = json is null
            ? ["-s", "-X", method, "-w", "\n%{http_code}", url]
            : ["-s", "-X", method, "-H", "Content-Type: application/json", "-d", json, "-w", "\n%{http_code}", url];
        var run = await RunAsync("curl", arguments, new Dictionary<string, string>());
        var lines = run.Output.TrimEnd().Split('\n');
        var body = string.Join('\n', lines[..^1]);
        return (int.Parse(lines[^1], System.Globalization.CultureInfo.InvariantCulture), body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone());
    }

    private async Task<JsonElement> RunScriptAsync(string script)
    {
        var run = await RunAsync("node", [script], new Dictionary<string, string>
        {
            ["APIHOST"] = platform.BaseAddress.ToString().TrimEnd('/'),
            ["AUTH"] = StandaloneProcess.GuestKey,
        });
        Assert.That(run.ExitCode, Is.Zero, script + " failed:\n" + run.Output + "\nplatform:\n" + platform.Output);
        return JsonDocument.Parse(run.Output.Trim().Split('\n')[^1]).RootElement;
    }

    private Task<(int ExitCode, string Output)> RunAsync(string command, string[] arguments, Dictionary<string, string> environment) =>
        ExternalCommand.RunAsync(command, arguments, environment, workDirectory, TimeSpan.FromMinutes(3));
}
