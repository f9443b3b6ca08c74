using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// C# actions of the <c>dotnet:10</c> kind through the real standalone and Docker: compiled in the test with
/// <c>dotnet publish</c> as their authors would, with OpenWhisk's own .NET signature (Newtonsoft.Json's JObject, the
/// action's own copy) and with System.Text.Json's JsonObject.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DotnetActionTests : StandaloneFixture
{
    private const string Greeter = "Acme.Greeter::Acme.Actions.Greeter::";

    private const string NewtonsoftSource = """
        using Newtonsoft.Json.Linq;

        namespace Acme.Actions;

        public class Greeter
        {
            private int calls;

            public JObject Main(JObject args)
            {
                var name = (string?)args["name"] ?? "stranger";
                Console.WriteLine($"greeting {name}");
                Console.Error.WriteLine("and a line to stderr");
                return new JObject
                {
                    ["greeting"] = $"Hello, {name}!",
                    ["namespace"] = Environment.GetEnvironmentVariable("__OW_NAMESPACE"),
                    ["actionName"] = Environment.GetEnvironmentVariable("__OW_ACTION_NAME"),
                    ["activationId"] = Environment.GetEnvironmentVariable("__OW_ACTIVATION_ID"),
                    ["deadline"] = Environment.GetEnvironmentVariable("__OW_DEADLINE"),
                    ["calls"] = ++calls,
                };
            }

            public async Task<JObject> MainAsync(JObject args)
            {
                await Task.Delay(5);
                return new JObject { ["doubled"] = ((int?)args["n"] ?? 0) * 2 };
            }

            public async Task<JObject> Api(JObject args)
            {
                using var http = new HttpClient();
                using var answer = await http.GetAsync(Environment.GetEnvironmentVariable("__OW_API_HOST") + "/api/v1");
                return new JObject { ["status"] = (int)answer.StatusCode };
            }

            public JObject Fail(JObject args) => throw new InvalidOperationException("the answer is not 42");

            public JObject Nothing(JObject args) => null!;

            public string Text(JObject args) => "not JSON";
        }
        """;

    private const string NodeSource = """
        using System.Text.Json.Nodes;

        namespace Acme.Nodes;

        public static class Counter
        {
            public static JsonObject Main(JsonObject args) =>
                new() { ["count"] = (args["items"] as JsonArray)?.Count ?? 0, ["library"] = "System.Text.Json" };

            public static JsonObject NotANumber(JsonObject args) => new() { ["ratio"] = double.NaN };
        }
        """;

    private string greeter = null!;

    protected override async Task OnStartedAsync() =>
        greeter = await DotnetActionBuilder.BuildAsync("Acme.Greeter", NewtonsoftSource, ("Newtonsoft.Json", "13.0.4"));

    [Test]
    public async Task A_newtonsoft_action_runs_cold_then_warm_with_the_activation_environment_and_its_logs()
    {
        await PutAsync("cs-greeter", greeter, Greeter + "Main");

        var cold = await Guest.InvokeAsync("cs-greeter", new { name = "Ada" });
        var warm = await Guest.InvokeAsync("cs-greeter", new { name = "Grace" });
        var id = cold.Body.GetProperty("activationId").GetString()!;
        JsonElement logs = default;
        var logged = await Eventually.TrueAsync(async () =>
        {
            var response = await Guest.GetJsonAsync($"/api/v1/namespaces/_/activations/{id}/logs");
            logs = response.Body;
            return response.Status == 200 && logs.GetProperty("logs").GetArrayLength() >= 2;
        });

        Assert.Multiple(() =>
        {
            Assert.That(cold.Status, Is.EqualTo(200), cold.Body.ToString());
            var result = cold.Body.GetProperty("response").GetProperty("result");
            Assert.That(result.GetProperty("greeting").GetString(), Is.EqualTo("Hello, Ada!"));
            Assert.That(result.GetProperty("namespace").GetString(), Is.EqualTo("guest"));
            Assert.That(result.GetProperty("actionName").GetString(), Is.EqualTo("/guest/cs-greeter"));
            Assert.That(result.GetProperty("activationId").GetString(), Is.EqualTo(id));
            Assert.That(long.Parse(result.GetProperty("deadline").GetString()!, System.Globalization.CultureInfo.InvariantCulture), Is.GreaterThan(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()));
            Assert.That(cold.Body.Annotation("initTime"), Is.Not.Null, "the first call starts a container");
            Assert.That(warm.Status, Is.EqualTo(200), warm.Body.ToString());
            Assert.That(warm.Body.GetProperty("response").GetProperty("result").GetProperty("greeting").GetString(), Is.EqualTo("Hello, Grace!"));
            Assert.That(warm.Body.GetProperty("response").GetProperty("result").GetProperty("calls").GetInt32(), Is.EqualTo(1), "a new instance per run, as OpenWhisk's runtime makes");
            Assert.That(warm.Body.Annotation("initTime"), Is.Null, "the second call reuses the warm container");
            Assert.That(logged, Is.True, "the logs are stored");
            var lines = logs.GetProperty("logs").EnumerateArray().Select(l => l.GetString()!).ToList();
            Assert.That(lines, Has.Some.EndsWith("stdout: greeting Ada"));
            Assert.That(lines, Has.Some.EndsWith("stderr: and a line to stderr"));
            Assert.That(lines, Has.None.Contains("XXX_THE_END_OF_A_WHISK_ACTIVATION_XXX"), "the sentinels are not logs");
        });
    }

    [Test]
    public async Task An_async_method_and_a_system_text_json_method_run_and_dotnet_default_names_the_kind()
    {
        var nodes = await DotnetActionBuilder.BuildAsync("Acme.Nodes", NodeSource);
        var created = await PutAsync("cs-async", greeter, Greeter + "MainAsync", kind: "dotnet:default");
        await PutAsync("cs-nodes", nodes, "Acme.Nodes::Acme.Nodes.Counter::Main");

        var doubled = await Guest.InvokeAsync("cs-async", new { n = 21 }, result: true);
        var counted = await Guest.InvokeAsync("cs-nodes", new { items = new[] { 1, 2, 3 } }, result: true);

        Assert.Multiple(() =>
        {
            Assert.That(created.Body.GetProperty("exec").GetProperty("kind").GetString(), Is.EqualTo("dotnet:10"));
            Assert.That(created.Body.GetProperty("exec").GetProperty("binary").GetBoolean(), Is.True);
            Assert.That(doubled.Status, Is.EqualTo(200), doubled.Body.ToString());
            Assert.That(doubled.Body.GetProperty("doubled").GetInt32(), Is.EqualTo(42));
            Assert.That(counted.Status, Is.EqualTo(200), counted.Body.ToString());
            Assert.That(counted.Body.GetProperty("count").GetInt32(), Is.EqualTo(3));
            Assert.That(counted.Body.GetProperty("library").GetString(), Is.EqualTo("System.Text.Json"));
        });
    }

    [Test]
    public async Task A_csharp_action_reaches_the_platform_at_its_api_host()
    {
        await PutAsync("cs-api", greeter, Greeter + "Api");

        var called = await Guest.InvokeAsync("cs-api", result: true);

        Assert.Multiple(() =>
        {
            Assert.That(called.Status, Is.EqualTo(200), called.Body.ToString());
            Assert.That(called.Body.GetProperty("status").GetInt32(), Is.EqualTo(200), "GET {__OW_API_HOST}/api/v1 through the relay");
        });
    }

    [Test]
    public async Task A_throwing_null_returning_or_unwritable_action_ends_as_a_developer_error_with_the_reason()
    {
        await PutAsync("cs-fail", greeter, Greeter + "Fail");
        await PutAsync("cs-null", greeter, Greeter + "Nothing");
        await PutAsync("cs-nan", await DotnetActionBuilder.BuildAsync("Acme.Nodes", NodeSource), "Acme.Nodes::Acme.Nodes.Counter::NotANumber");

        var failed = await Guest.InvokeAsync("cs-fail");
        var again = await Guest.InvokeAsync("cs-fail");
        var empty = await Guest.InvokeAsync("cs-null");
        var unwritable = await Guest.InvokeAsync("cs-nan");

        Assert.Multiple(() =>
        {
            Assert.That(failed.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(failed.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("the answer is not 42"));
            Assert.That(again.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("the answer is not 42"));
            Assert.That(empty.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(empty.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("The action returned null"));
            Assert.That(unwritable.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(unwritable.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Does.StartWith("The action did not return a valid JSON result: "));
        });
    }

    [TestCase("Acme.Missing::Acme.Actions.Greeter::Main", "Unable to locate requested assembly (\"Acme.Missing.dll\").")]
    [TestCase("Acme.Greeter::Acme.Actions.Nobody::Main", "Unable to locate requested type (\"Acme.Actions.Nobody\").")]
    [TestCase("Acme.Greeter::Acme.Actions.Greeter::Absent", "Unable to locate requested method (\"Absent\").")]
    [TestCase("Acme.Greeter::Main", "main required format is \"Assembly::Type::Function\".")]
    [TestCase("Acme.Greeter::Acme.Actions.Greeter::Text", "Method (\"Text\") must return JToken (or a subclass), or a Task or ValueTask of it; it returns String.")]
    public async Task An_init_error_is_a_developer_error_that_names_what_is_missing(string main, string error)
    {
        var name = "cs-init-" + Guid.NewGuid().ToString("N")[..8];
        await PutAsync(name, greeter, main);

        var invoked = await Guest.InvokeAsync(name);

        Assert.Multiple(() =>
        {
            Assert.That(invoked.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(invoked.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo(error));
        });
    }

    [Test]
    public async Task An_action_made_from_the_packed_template_runs_as_its_author_publishes_it()
    {
        var work = Directory.CreateTempSubdirectory("ow-template-").FullName;
        try
        {
            var repository = ServiceProcess.RepositoryRoot();
            var hive = Path.Combine(work, "hive");
            await DotnetAsync(repository, "pack", Path.Combine(repository, "templates", "OpenWhisk.Templates.csproj"), "-c", "Release", "-o", Path.Combine(work, "packages"), "--nologo");
            var package = Directory.GetFiles(Path.Combine(work, "packages"), "OpenWhisk.Templates.*.nupkg").Single();
            await DotnetAsync(work, "new", "install", package, "--debug:custom-hive", hive);
            await DotnetAsync(work, "new", "openwhisk-action", "-n", "Acme.Hello", "-o", Path.Combine(work, "Acme.Hello"), "--debug:custom-hive", hive);
            await DotnetAsync(Path.Combine(work, "Acme.Hello"), "publish", "-c", "Release", "--nologo");
            var zip = Convert.ToBase64String(await File.ReadAllBytesAsync(Path.Combine(work, "Acme.Hello", "bin", "Release", "action.zip")));
            await PutAsync("cs-template", zip, "Acme.Hello::Acme.Hello.Action::Main");

            var greeted = await Guest.InvokeAsync("cs-template", new { name = "Ada" }, result: true);

            Assert.Multiple(() =>
            {
                Assert.That(greeted.Status, Is.EqualTo(200), greeted.Body.ToString());
                Assert.That(greeted.Body.GetProperty("greeting").GetString(), Is.EqualTo("Hello, Ada!"));
            });
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    [Test]
    public async Task An_action_without_main_is_refused()
    {
        var refused = await Guest.PutActionAsync("cs-no-main", "dotnet:10", greeter);

        Assert.That(refused.Status, Is.EqualTo(400));
    }

    private static async Task DotnetAsync(string directory, params string[] arguments)
    {
        var (exitCode, output) = await ExternalCommand.RunAsync(
            "dotnet", arguments, new Dictionary<string, string> { ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1", ["DOTNET_NOLOGO"] = "1" }, directory, TimeSpan.FromMinutes(3));
        Assert.That(exitCode, Is.Zero, $"dotnet {string.Join(' ', arguments)}: {output}");
    }

    private async Task<(int Status, JsonElement Body)> PutAsync(string name, string code, string main, string kind = "dotnet:10")
    {
        var body = new { exec = new { kind, code, main } };
        var created = await Guest.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/actions/{name}?overwrite=true", body);
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
        return created;
    }
}
