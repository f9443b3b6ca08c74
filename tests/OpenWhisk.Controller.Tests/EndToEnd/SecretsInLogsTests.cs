using System.Net.Http.Headers;
using System.Text;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// Keys and parameters never reach the platform's logs, at any level, nor error messages: the real standalone logs
/// everything (trace) while planted values pass through every kind of request, then its output is searched for them.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class SecretsInLogsTests
{
    [Test]
    public async Task Planted_keys_and_parameters_appear_in_no_log_line_and_no_error_message()
    {
        DockerRequirement.Require();
        var planted = Enumerable.Range(1, 9).Select(i => $"PLANTED{i}x{Guid.NewGuid():N}").ToArray();
        var guestSecret = ServiceProcess.GuestKey.Split(':')[1];
        await using var platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.Hosting.Lifetime"] = "Trace",
            ["Logging:LogLevel:System"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
            ["Logging:Console:LogLevel:Default"] = "Trace",
            ["Logging:Console:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Trace",
        });
        using var client = platform.Client();
        var answers = new List<string>();
        void Keep((int Status, System.Text.Json.JsonElement Body) answer) => answers.Add(answer.Body.ToString());

        const string Code = "function main(args) { return { keys: Object.keys(args).length }; }";
        Keep(await client.PutActionAsync("secretive", "nodejs:20", Code, new { parameters = ApiClientExtensions.Pairs(("token", planted[0])) }));
        Keep(await client.PutPackageAsync("vault", new { parameters = ApiClientExtensions.Pairs(("password", planted[1])) }));
        Keep(await client.PutActionAsync("vault/inside", "nodejs:20", Code));
        Keep(await client.PutActionAsync(
            "webby", "nodejs:20", Code, new { annotations = ApiClientExtensions.Pairs(("web-export", true)) }));
        var invoked = await client.InvokeAsync("secretive", new { apiKey = planted[2] });
        Keep(invoked);
        Keep(await client.InvokeAsync("secretive", new { apiKey = planted[2] }, blocking: false));
        Keep(await client.InvokePathAsync("guest/actions/vault/inside", new { more = planted[3] }, result: true));
        using (var web = new HttpClient { BaseAddress = platform.BaseAddress })
        {
            var response = await web.GetAsync($"/api/v1/web/guest/default/webby.json?q={planted[4]}");
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        Keep(await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/alarmed", new { parameters = ApiClientExtensions.Pairs(("hook", planted[5])) }));
        Keep(await client.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/triggers/alarmed", new { fired = planted[5] }));

        // Refused requests: a wrong key, and bodies the API rejects while they carry a secret.
        using (var wrong = platform.Client("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:" + planted[6]))
        {
            Keep(await wrong.GetJsonAsync("/api/v1/namespaces/_/actions"));
        }

        Keep(await client.PutActionAsync("refused", "nodejs:20", Code, new { parameters = ApiClientExtensions.Pairs(("k", planted[7])), limits = new { memory = 1 } }));
        using (var raw = new HttpRequestMessage(HttpMethod.Post, "/api/v1/namespaces/_/actions/secretive?blocking=true"))
        {
            raw.Content = new StringContent("{\"broken\": \"" + planted[8] + "\"", Encoding.UTF8, "application/json");
            using var response = await client.SendAsync(raw);
            answers.Add(await response.Content.ReadAsStringAsync());
        }

        using (var basic = new HttpClient { BaseAddress = platform.BaseAddress })
        {
            basic.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "not base64 " + planted[6]);
            answers.Add(await (await basic.GetAsync("/api/v1/namespaces/_/actions")).Content.ReadAsStringAsync());
        }

        await platform.StopAsync();
        var output = platform.Output;
        await TestContext.Progress.WriteLineAsync($"{output.Split('\n').Length} log lines at trace level searched");
        foreach (var line in output.Split('\n').Where(l => planted.Append(guestSecret).Any(l.Contains)))
        {
            await TestContext.Progress.WriteLineAsync("LEAK: " + line);
        }

        Assert.Multiple(() =>
        {
            Assert.That(invoked.Status, Is.EqualTo(200), "the parameters went all the way to the action");
            Assert.That(output, Does.Contain("secretive"), "the log captured the requests (the search can find things)");
            foreach (var secret in planted.Append(guestSecret))
            {
                Assert.That(output, Does.Not.Contain(secret), "logs");
            }

            foreach (var secret in planted.Skip(6).Append(guestSecret))
            {
                Assert.That(answers, Has.None.Contains(secret), "error messages");
            }
        });
    }
}
