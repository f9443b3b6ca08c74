using System.Diagnostics;
using System.Text.Json;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>
/// The activation store (PostgreSQL) down for 90 seconds in distributed mode: longer than the completion timeout
/// (70 seconds for these actions with the factor and addon set here; three minutes with OpenWhisk's defaults) and than
/// any retry window. Invocations go on, invokers stay healthy, and every record is in the store once it is back.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class DistributedStoreOutageTests
{
    // The completion timeout: max(action timeout, 60 s) x factor + addon.
    private static readonly TimeSpan CompletionTimeout = TimeSpan.FromSeconds(70);
    private static readonly TimeSpan Outage = CompletionTimeout + TimeSpan.FromSeconds(20);

    [SetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [Test]
    public async Task Invocations_go_on_and_invokers_stay_healthy_while_the_activation_store_is_down_and_no_record_is_lost()
    {
        var postgres = await PostgresServer.StartPrivateAsync();
        try
        {
            await using var platform = await DistributedPlatform.StartAsync(
                invokerCount: 1,
                sharedSettings: new Dictionary<string, string>
                {
                    ["Spi:ActivationStore"] = "postgres",
                    ["ConnectionStrings:Postgres"] = postgres.ConnectionString,
                    ["LoadBalancer:TimeoutFactor"] = "1",
                    ["LoadBalancer:TimeoutAddon"] = "00:00:10",
                });
            await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
            using var client = platform.Client();
            Assert.That((await client.PutActionAsync("outlast", "nodejs:20", "function main(p) { return { n: p.n }; }", new { limits = new { memory = 128 } })).Status, Is.EqualTo(200));
            Assert.That((await client.InvokeAsync("outlast", new { n = -1 })).Status, Is.EqualTo(200));

            await postgres.KillAsync();
            var ids = new List<string>();
            var blockingStatuses = new List<int>();
            var states = new List<string>();
            var clock = Stopwatch.StartNew();
            for (var n = 0; clock.Elapsed < Outage; n++)
            {
                var (status, body) = await client.InvokeAsync("outlast", new { n });
                blockingStatuses.Add(status);
                if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("activationId", out var id))
                {
                    ids.Add(id.GetString()!);
                }

                var accepted = await client.InvokeAsync("outlast", new { n }, blocking: false);
                Assert.That(accepted.Status, Is.EqualTo(202), accepted.Body.ToString());
                ids.Add(accepted.Body.GetProperty("activationId").GetString()!);
                states.Add(await platform.StateOfAsync(0));
                await Task.Delay(TimeSpan.FromSeconds(3));
            }

            await postgres.StartAgainAsync();
            var outcomes = new List<string>();
            var deadline = Stopwatch.StartNew();
            foreach (var id in ids)
            {
                var outcome = "missing";
                while (deadline.Elapsed < TimeSpan.FromMinutes(2))
                {
                    var (status, body) = await client.GetJsonAsync("/api/v1/namespaces/_/activations/" + id);
                    if (status == 200)
                    {
                        outcome = body.GetProperty("response").GetProperty("status").GetString()!;
                        break;
                    }

                    await Task.Delay(500);
                }

                outcomes.Add(outcome);
            }

            TestContext.Out.WriteLine($"{ids.Count} activations during the outage; invoker states seen: {string.Join(",", states.Distinct())}; records: "
                + JsonSerializer.Serialize(outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count())));
            Assert.Multiple(() =>
            {
                Assert.That(blockingStatuses, Is.All.EqualTo(200), "blocking invocations answer with their result");
                Assert.That(states, Is.All.EqualTo("up"), "the invoker stays healthy: no forced completions, no timeouts");
                Assert.That(outcomes, Is.All.EqualTo("success"), "every record is stored once the store is back");
            });
        }
        finally
        {
            await postgres.RemoveAsync();
        }
    }
}
