using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// Java actions of the <c>java:17</c> kind through the real standalone and Docker: compiled in the test with
/// <c>javac</c> against Gson and packed into a jar, with OpenWhisk's signature <c>public static JsonObject main(JsonObject)</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class JavaActionTests : StandaloneFixture
{
    private const string Source = """
        package acme;

        import com.google.gson.JsonObject;

        public class Greeter {
            public static JsonObject main(JsonObject args) {
                String name = args.has("name") ? args.get("name").getAsString() : "stranger";
                System.out.println("greeting " + name);
                JsonObject result = new JsonObject();
                result.addProperty("greeting", "Hello, " + name + "!");
                result.addProperty("namespace", System.getenv("__OW_NAMESPACE"));
                result.addProperty("activationId", System.getenv("__OW_ACTIVATION_ID"));
                return result;
            }

            public static JsonObject api(JsonObject args) throws Exception {
                java.net.http.HttpResponse<String> answer = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create(System.getenv("__OW_API_HOST") + "/api/v1")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
                JsonObject result = new JsonObject();
                result.addProperty("status", answer.statusCode());
                result.addProperty("apiHost", System.getenv("__OW_API_HOST"));
                return result;
            }

            public static JsonObject fail(JsonObject args) {
                throw new IllegalStateException("the answer is not 42");
            }
        }
        """;

    private string jar = null!;

    protected override async Task OnStartedAsync() => jar = await JavaActionBuilder.BuildAsync("acme/Greeter.java", Source);

    [Test]
    public async Task A_java_action_runs_cold_then_warm_with_the_activation_environment_and_its_logs()
    {
        var created = await PutAsync("java-greeter", "acme.Greeter", kind: "java:default");

        var cold = await Guest.InvokeAsync("java-greeter", new { name = "Duke" });
        var warm = await Guest.InvokeAsync("java-greeter", new { name = "Ada" });
        var id = cold.Body.GetProperty("activationId").GetString()!;
        var lines = new List<string>();
        var logged = await Eventually.TrueAsync(async () =>
        {
            var response = await Guest.GetJsonAsync($"/api/v1/namespaces/_/activations/{id}/logs");
            lines = response.Status == 200 ? response.Body.GetProperty("logs").EnumerateArray().Select(l => l.GetString()!).ToList() : [];
            return lines.Count > 0;
        });

        Assert.Multiple(() =>
        {
            Assert.That(created.Body.GetProperty("exec").GetProperty("kind").GetString(), Is.EqualTo("java:17"));
            Assert.That(cold.Status, Is.EqualTo(200), cold.Body.ToString());
            var result = cold.Body.GetProperty("response").GetProperty("result");
            Assert.That(result.GetProperty("greeting").GetString(), Is.EqualTo("Hello, Duke!"));
            Assert.That(result.GetProperty("namespace").GetString(), Is.EqualTo("guest"));
            Assert.That(result.GetProperty("activationId").GetString(), Is.EqualTo(id));
            Assert.That(cold.Body.Annotation("initTime"), Is.Not.Null, "the first call starts a container");
            Assert.That(warm.Body.GetProperty("response").GetProperty("result").GetProperty("greeting").GetString(), Is.EqualTo("Hello, Ada!"));
            Assert.That(warm.Body.Annotation("initTime"), Is.Null, "the second call reuses the warm container");
            Assert.That(logged, Is.True, "the logs are stored");
            Assert.That(lines, Has.Some.EndsWith("stdout: greeting Duke"));
        });
    }

    [Test]
    public async Task A_throwing_action_and_a_missing_class_are_developer_errors_with_the_reason()
    {
        await PutAsync("java-fail", "acme.Greeter#fail");
        await PutAsync("java-missing", "acme.Nobody");

        var failed = await Guest.InvokeAsync("java-fail");
        var missing = await Guest.InvokeAsync("java-missing");

        Assert.Multiple(() =>
        {
            Assert.That(failed.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(
                failed.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(),
                Is.EqualTo("An error has occurred while invoking the action (see logs for details): java.lang.IllegalStateException: the answer is not 42"));
            Assert.That(missing.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(
                missing.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(),
                Is.EqualTo("An error has occurred (see logs for details): java.lang.ClassNotFoundException: acme.Nobody"));
        });
    }

    [Test]
    public async Task A_java_action_reaches_the_platform_at_its_api_host()
    {
        await PutAsync("java-api", "acme.Greeter#api");

        var called = await Guest.InvokeAsync("java-api", result: true);

        Assert.Multiple(() =>
        {
            Assert.That(called.Status, Is.EqualTo(200), called.Body.ToString());
            Assert.That(called.Body.GetProperty("status").GetInt32(), Is.EqualTo(200), "GET {__OW_API_HOST}/api/v1 through the relay");
            Assert.That(called.Body.GetProperty("apiHost").GetString(), Does.StartWith("http://127.0.0.1:"));
        });
    }

    [Test]
    public async Task An_action_without_main_is_refused()
    {
        var refused = await Guest.PutActionAsync("java-no-main", "java:17", jar);

        Assert.That(refused.Status, Is.EqualTo(400));
    }

    private async Task<(int Status, JsonElement Body)> PutAsync(string name, string main, string kind = "java:17")
    {
        var created = await Guest.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/actions/{name}?overwrite=true", new { exec = new { kind, code = jar, main } });
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
        return created;
    }
}
