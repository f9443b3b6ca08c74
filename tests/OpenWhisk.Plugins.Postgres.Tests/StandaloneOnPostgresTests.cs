using System.Diagnostics;
using System.Text.Json;

namespace OpenWhisk.Plugins.Postgres.Tests;

/// <summary>
/// The real standalone platform configured with the PostgreSQL stores by configuration alone, and a PostgreSQL
/// server that is killed in the middle of a run of invocations.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class StandaloneOnPostgresTests
{
    private PostgresServer server = null!;
    private StandaloneProcess platform = null!;
    private HttpClient guest = null!;

    [OneTimeSetUp]
    public async Task Start()
    {
        DockerRequirement.Require();
        PostgresServer.Shared();
        server = await PostgresServer.StartPrivateAsync();
        platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Spi:ArtifactStore"] = "postgres",
            ["Spi:ActivationStore"] = "postgres",
            ["ConnectionStrings:Postgres"] = server.ConnectionString + ";Timeout=3;Command Timeout=5",
            ["Postgres:MaxRetries"] = "1",
            ["Controller:IdentityCacheTime"] = "00:00:00",
            ["Controller:ActionCacheTime"] = "00:00:00",
            ["Limits:InvocationsPerMinute"] = "100000",
        });
        guest = platform.Client();
    }

    [OneTimeTearDown]
    public async Task Stop()
    {
        guest?.Dispose();
        if (platform is not null)
        {
            await platform.DisposeAsync();
        }

        if (server is not null)
        {
            await server.RemoveAsync();
        }
    }

    [Test]
    public async Task Answers_503_while_the_database_is_down_recovers_after_it_returns_and_loses_nothing()
    {
        const string code = "function main(p) { return { n: p.n }; }";
        var created = await guest.PutActionAsync("durable", "nodejs:20", code);
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
        var before = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var invoked = await guest.InvokeAsync("durable", new { n = i });
            Assert.That(invoked.Status, Is.EqualTo(200), invoked.Body.ToString());
            before.Add(invoked.Body.GetProperty("activationId").GetString()!);
        }

        await server.KillAsync();
        var whileDown = new[]
        {
            await guest.InvokeAsync("durable", new { n = 99 }),
            await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/durable"),
            await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations"),
        };

        await server.StartAgainAsync();
        var recovered = await WithinAsync(TimeSpan.FromSeconds(30), async () => (await guest.InvokeAsync("durable", new { n = 5 })).Status == 200);
        var action = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/durable");
        var records = new List<JsonElement>();
        foreach (var id in before)
        {
            var record = await guest.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/_/activations/{id}");
            records.Add(record.Body);
        }

        Assert.Multiple(() =>
        {
            Assert.That(whileDown.Select(r => r.Status), Is.All.EqualTo(503), string.Join("\n", whileDown.Select(r => r.Body.ToString())));
            Assert.That(whileDown[0].Body.GetProperty("error").GetString(), Is.Not.Empty);
            Assert.That(recovered, Is.True, "requests succeed again once the database is back");
            Assert.That(action.Status, Is.EqualTo(200));
            Assert.That(action.Body.GetProperty("exec").GetProperty("code").GetString(), Is.EqualTo(code), "the action is intact");
            Assert.That(action.Body.GetProperty("version").GetString(), Is.EqualTo("0.0.1"));
            Assert.That(records.Select(r => r.TryGetProperty("response", out var response) ? response.GetProperty("result").GetProperty("n").GetInt32() : -1), Is.EqualTo(Enumerable.Range(0, 5)), "every record survives: " + string.Join("\n", records));
        });
    }

    [Test]
    public async Task Activations_accepted_just_before_a_10_second_outage_all_have_their_records_after_it()
    {
        var created = await guest.PutActionAsync("outlived", "nodejs:20", "function main(p) { return new Promise(r => setTimeout(() => r({ n: p.n }), 2000)); }");
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
        Assert.That((await guest.InvokeAsync("outlived", new { n = -1 })).Status, Is.EqualTo(200), "warm before the outage");
        var accepted = new List<string>();
        for (var i = 0; i < 10; i++)
        {
            var invoked = await guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/actions/outlived", new { n = i });
            Assert.That(invoked.Status, Is.EqualTo(202), invoked.Body.ToString());
            accepted.Add(invoked.Body.GetProperty("activationId").GetString()!);
        }

        // Down before any of them ends, for ten seconds: their records wait in the invoker's spool.
        await server.KillAsync();
        var refused = await guest.InvokeAsync("outlived", new { n = 99 });
        await Task.Delay(TimeSpan.FromSeconds(10));
        await server.StartAgainAsync();
        var results = new Dictionary<string, int>();
        await WithinAsync(TimeSpan.FromSeconds(60), async () =>
        {
            foreach (var id in accepted.Where(id => !results.ContainsKey(id)))
            {
                var (status, body) = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + id);
                if (status == 200)
                {
                    results[id] = body.GetProperty("response").GetProperty("result").TryGetProperty("n", out var n) ? n.GetInt32() : -1;
                }
            }

            return results.Count == accepted.Count;
        });

        Assert.Multiple(() =>
        {
            Assert.That(refused.Status, Is.EqualTo(503), "a blocking call while the store is down: " + refused.Body);
            Assert.That(results.Keys, Is.EquivalentTo(accepted), "10 of 10 accepted activations have a record");
            Assert.That(accepted.Select(id => results.GetValueOrDefault(id, -2)), Is.EqualTo(Enumerable.Range(0, 10)), "each with its own result");
        });
    }

    [Test]
    public async Task Packages_bindings_sequences_and_the_catalog_work_on_postgres()
    {
        await guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/packages/pg-pkg", new { publish = true, parameters = new[] { new { key = "add", value = 5 } } });
        await guest.PutActionAsync("pg-pkg/add", "nodejs:20", "function main(p) { return { n: p.n + p.add }; }");
        await guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/packages/pg-bound", new { binding = new { @namespace = "_", name = "pg-pkg" }, parameters = new[] { new { key = "add", value = 100 } } });
        var sequence = await guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/pg-seq", new { exec = new { kind = "sequence", components = new[] { "/_/pg-pkg/add", "/_/pg-bound/add", "/whisk.system/utils/echo" } } });

        var ran = await guest.InvokeAsync("pg-seq", new { n = 1 });
        var packages = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/packages");
        var inPackage = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/pg-pkg/");
        var notEmpty = await guest.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/_/packages/pg-pkg");
        var stored = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + ran.Body.GetProperty("activationId").GetString());

        Assert.Multiple(() =>
        {
            Assert.That(sequence.Status, Is.EqualTo(200), sequence.Body.ToString());
            Assert.That(ran.Body.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(106));
            Assert.That(packages.Body.EnumerateArray().Select(p => p.GetProperty("name").GetString()), Is.SupersetOf(new[] { "pg-pkg", "pg-bound" }));
            Assert.That(inPackage.Body.EnumerateArray().Select(a => a.GetProperty("name").GetString()), Is.EqualTo(new[] { "add" }));
            Assert.That(notEmpty.Status, Is.EqualTo(409));
            Assert.That(stored.Status, Is.EqualTo(200), "the sequence's record is in PostgreSQL");
        });
    }

    [TestCase("nul-result", "function main() { return { s: 'a\\u0000b' }; }", 200)]
    [TestCase("surrogate-result", "function main() { return { s: '\\ud800' }; }", 200)]
    [TestCase("nul-log", "function main() { console.log('a\\u0000b'); return { ok: true }; }", 200)]
    [TestCase("deep-result", "function main() { let r = {}; for (let i = 0; i < 61; i++) { r = { r }; } return r; }", 502)]
    public async Task A_record_postgres_cannot_hold_still_ends_in_a_stored_record(string name, string code, int status)
    {
        await guest.PutActionAsync(name, "nodejs:20", code);

        var invoked = await guest.InvokeAsync(name, new { });
        var id = invoked.Body.GetProperty("activationId").GetString();
        var stored = (0, default(JsonElement));
        await WithinAsync(TimeSpan.FromSeconds(10), async () => (stored = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + id)).Item1 == 200);

        Assert.Multiple(() =>
        {
            Assert.That(invoked.Status, Is.EqualTo(status), invoked.Body.ToString());
            Assert.That(stored.Item1, Is.EqualTo(200), "a record, not a 404: " + stored.Item2);
            Assert.That(stored.Item2.GetProperty("name").GetString(), Is.EqualTo(name));
        });
    }

    [Test]
    public async Task Readiness_turns_unready_while_the_database_is_down_and_ready_again_once_it_is_back()
    {
        using var probe = new HttpClient { BaseAddress = platform.BaseAddress };
        Assert.That(await WithinAsync(TimeSpan.FromSeconds(20), async () => (await probe.GetAsync("/health/ready")).IsSuccessStatusCode), Is.True, "ready at first");

        await server.KillAsync();
        string? unready = null;
        var turnedUnready = await WithinAsync(TimeSpan.FromSeconds(20), async () =>
        {
            using var response = await probe.GetAsync("/health/ready");
            unready = await response.Content.ReadAsStringAsync();
            return (int)response.StatusCode == 503;
        });
        var liveWhileDown = (int)(await probe.GetAsync("/health/live")).StatusCode;

        await server.StartAgainAsync();
        var readyAgain = await WithinAsync(TimeSpan.FromSeconds(30), async () => (await probe.GetAsync("/health/ready")).IsSuccessStatusCode);
        Assert.Multiple(() =>
        {
            Assert.That(turnedUnready, Is.True, unready);
            Assert.That(JsonDocument.Parse(unready!).RootElement.GetProperty("checks").GetProperty("stores").GetProperty("status").GetString(), Is.EqualTo("Unhealthy"), unready);
            Assert.That(liveWhileDown, Is.EqualTo(200), "the process itself is alive");
            Assert.That(readyAgain, Is.True);
        });
    }

    private static async Task<bool> WithinAsync(TimeSpan limit, Func<Task<bool>> probe)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < limit)
        {
            if (await probe())
            {
                return true;
            }

            await Task.Delay(250);
        }

        return false;
    }
}
