using System.Collections.Concurrent;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The Docker engine restarted under load (it stops every container): every activation the standalone accepted ends
/// in a record, no request fails with a 5xx other than 503 and 502, and the pool serves again once the engine is back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DockerRestartTests
{
    [Test]
    public async Task Activations_accepted_around_an_engine_restart_all_end_in_records_and_the_pool_recovers()
    {
        DockerRequirement.Require();
        if (Environment.GetEnvironmentVariable("CI") is null)
        {
            Assert.Ignore("Restarts this machine's Docker engine: runs in CI (set CI=1 to run it here).");
        }

        await using var platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Limits:InvocationsPerMinute"] = "100000",
            ["Limits:ConcurrentInvocations"] = "200",

            // OpenWhisk's completion timeout, shortened: max(60 s, limit) × 1 + 5 s.
            ["LoadBalancer:TimeoutFactor"] = "1",
            ["LoadBalancer:TimeoutAddon"] = "00:00:05",
        });
        using var guest = platform.Client();
        var created = await guest.PutActionAsync("steady", "nodejs:20", "function main(p) { return new Promise(r => setTimeout(() => r({ i: p.i }), 300)); }");
        Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
        Assert.That((await guest.InvokeAsync("steady", new { i = -1 })).Status, Is.EqualTo(200), "warm before the load");

        var accepted = new ConcurrentBag<string>();
        var statuses = new ConcurrentDictionary<int, int>();
        using var stopLoad = new CancellationTokenSource();
        var load = Enumerable.Range(0, 4).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; !stopLoad.IsCancellationRequested; i++)
            {
                var (status, body) = await guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/actions/steady", new { i = (worker * 100_000) + i });
                statuses.AddOrUpdate(status, 1, (_, n) => n + 1);
                if (status == 202)
                {
                    accepted.Add(body.GetProperty("activationId").GetString()!);
                }

                await Task.Delay(100);
            }
        })).ToList();

        await Task.Delay(3000);
        var away = await DockerEngine.RestartAsync();
        await Task.Delay(5000);
        await stopLoad.CancelAsync();
        await Task.WhenAll(load);

        var recovered = false;
        for (var attempt = 0; attempt < 60 && !recovered; attempt++)
        {
            var after = await guest.InvokeAsync("steady", new { i = -2 });
            recovered = after.Status == 200 && after.Body.GetProperty("response").GetProperty("success").GetBoolean();
            if (!recovered)
            {
                await Task.Delay(1000);
            }
        }

        var records = await RecordsAsync(guest, accepted, TimeSpan.FromSeconds(90));
        var byStatus = records.Values.GroupBy(r => r.GetProperty("response").GetProperty("status").GetString()).ToDictionary(g => g.Key!, g => g.Count());
        TestContext.Out.WriteLine($"engine away {away.TotalSeconds:F1} s; answers {string.Join(", ", statuses.Select(s => $"{s.Key}×{s.Value}"))}; records {string.Join(", ", byStatus.Select(s => $"{s.Key}×{s.Value}"))}");

        Assert.Multiple(() =>
        {
            Assert.That(accepted, Is.Not.Empty);
            Assert.That(records.Keys, Is.EquivalentTo(accepted), "every accepted activation has a record");
            Assert.That(statuses.Keys.Where(s => s >= 500 && s != 502 && s != 503), Is.Empty, "no 5xx but 502 and 503");
            Assert.That(recovered, Is.True, "the pool serves again after the engine came back");
            Assert.That(byStatus.GetValueOrDefault("success"), Is.GreaterThan(0), "activations before and after the restart succeed");
        });
    }

    private static async Task<Dictionary<string, JsonElement>> RecordsAsync(HttpClient guest, IReadOnlyCollection<string> ids, TimeSpan patience)
    {
        var records = new Dictionary<string, JsonElement>();
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (records.Count < ids.Count && waited.Elapsed < patience)
        {
            foreach (var id in ids.Where(id => !records.ContainsKey(id)))
            {
                var (status, body) = await guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + id);
                if (status == 200)
                {
                    records[id] = body;
                }
            }

            await Task.Delay(500);
        }

        return records;
    }
}
