using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace OpenWhisk.Plugins.Kafka.Tests.EndToEnd;

/// <summary>
/// Distributed mode end to end: a controller and two invoker processes over Kafka, real Docker containers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class DistributedPlatformTests
{
    private const string ActionCode = "function main(params) { return { host: require('os').hostname(), action: params.action, n: params.n }; }";
    private readonly ConcurrentDictionary<string, string> ownerOfHost = new();

    [SetUp]
    public void RequireDocker() => DockerRequirement.Require();

    [Test]
    public async Task Spreads_work_over_both_invokers_survives_losing_one_and_uses_it_again_after_restart()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 2);
        try
        {
            await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
            await platform.WaitForStateAsync(1, "up", TimeSpan.FromSeconds(60));
            using var client = platform.Client();
            var actions = Enumerable.Range(0, 10).Select(i => "spread" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            foreach (var action in actions)
            {
                var (status, body) = await client.PutActionAsync(action, "nodejs:20", ActionCode, new { limits = new { memory = 128 } });
                Assert.That(status, Is.EqualTo(200), body.ToString());
            }

            // 50 invocations of 10 actions land on both invokers.
            var owners = await InvokeAllAsync(client, Enumerable.Range(0, 50).Select(n => actions[n % actions.Count]), parallelism: 6);
            Assert.That(owners.Keys, Is.EquivalentTo(new[] { platform.Owner(0), platform.Owner(1) }), "activations per invoker: " + JsonSerializer.Serialize(owners));

            // Kill invoker1 under load: it is offline within 15 s, and every accepted activation ends with a record once
            // it is back (its restart ends what the dead process held) or, failing that, after the completion timeout.
            using var load = new CancellationTokenSource();
            var accepted = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<int>();
            var workers = SteadyLoadAsync(client, actions, accepted, statuses, load.Token);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await platform.KillInvokerAsync(1);
            var offlineAfter = await platform.WaitForStateAsync(1, "down", TimeSpan.FromSeconds(15));
            await load.CancelAsync();
            await workers;
            TestContext.Out.WriteLine($"invoker1 offline {offlineAfter.TotalSeconds:F1} s after SIGKILL; {accepted.Count} activations accepted under load");
            Assert.That(statuses, Is.All.EqualTo(202));
            Assert.That(accepted, Is.Not.Empty);

            // New invocations all succeed on the surviving invoker.
            owners = await InvokeAllAsync(client, Enumerable.Range(0, 20).Select(n => actions[n % actions.Count]), parallelism: 4);
            Assert.That(owners.Keys, Is.EquivalentTo(new[] { platform.Owner(0) }));

            // Restarted, invoker1 is healthy again and takes its share.
            // It first works off the activations still in its topic, which the controller gave up on already.
            await platform.StartInvokerAsync(1);
            var healthyAfter = await platform.WaitForStateAsync(1, "up", TimeSpan.FromSeconds(120));
            TestContext.Out.WriteLine($"invoker1 healthy {healthyAfter.TotalSeconds:F1} s after its restart");
            var outcomes = await RecordsAsync(client, accepted, TimeSpan.FromSeconds(90));
            TestContext.Out.WriteLine("records by status: " + JsonSerializer.Serialize(outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count())));
            Assert.That(outcomes, Has.None.EqualTo("missing"));
            TestContext.Out.WriteLine(platform.Events());
            owners = await InvokeAllAsync(client, Enumerable.Range(0, 20).Select(n => actions[n % actions.Count]), parallelism: 4);
            Assert.That(owners.Keys, Does.Contain(platform.Owner(1)), "activations per invoker: " + JsonSerializer.Serialize(owners));
        }
        catch (Exception exception) when (exception is not IgnoreException)
        {
            TestContext.Out.WriteLine(await platform.PoolsAsync());
            TestContext.Out.WriteLine(platform.Logs());
            throw;
        }
    }

    [Test]
    public async Task An_invoker_stalled_for_20_seconds_under_load_finishes_its_activations_without_false_errors()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 2);
        try
        {
            await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
            await platform.WaitForStateAsync(1, "up", TimeSpan.FromSeconds(60));
            using var client = platform.Client();
            var actions = Enumerable.Range(0, 6).Select(i => "stall" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            foreach (var action in actions)
            {
                Assert.That((await client.PutActionAsync(action, "nodejs:20", ActionCode, new { limits = new { memory = 128 } })).Status, Is.EqualTo(200));
            }

            await InvokeAllAsync(client, Enumerable.Range(0, 24).Select(n => actions[n % actions.Count]), parallelism: 4);
            using var load = new CancellationTokenSource();
            var accepted = new ConcurrentBag<string>();
            var statuses = new ConcurrentBag<int>();
            var workers = SteadyLoadAsync(client, actions, accepted, statuses, load.Token);
            await Task.Delay(TimeSpan.FromSeconds(2));
            await platform.SignalInvokerAsync(1, "STOP");
            await Task.Delay(TimeSpan.FromSeconds(20));
            await platform.SignalInvokerAsync(1, "CONT");
            await Task.Delay(TimeSpan.FromSeconds(2));
            await load.CancelAsync();
            await workers;

            var outcomes = await RecordsAsync(client, accepted, TimeSpan.FromSeconds(120));
            TestContext.Out.WriteLine($"{accepted.Count} accepted; records by status: " + JsonSerializer.Serialize(outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count())));
            TestContext.Out.WriteLine(platform.Events());
            Assert.That(statuses, Is.All.EqualTo(202));
            Assert.That(outcomes, Is.All.EqualTo("success"), "the stalled invoker's activations end as they ran, not as whisk errors");
            await platform.WaitForStateAsync(1, "up", TimeSpan.FromSeconds(120));
        }
        catch (Exception exception) when (exception is not IgnoreException)
        {
            TestContext.Out.WriteLine(await platform.PoolsAsync());
            TestContext.Out.WriteLine(platform.Logs());
            throw;
        }
    }

    [Test]
    public async Task A_broker_outage_answers_503_instead_of_hanging_and_loses_no_accepted_activation()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 2);
        try
        {
            if (platform.Mock is not { } mock)
            {
                Assert.Ignore("Needs the mock cluster to take the broker down (OW_TEST_KAFKA_BOOTSTRAP is set).");
                return;
            }

            await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
            await platform.WaitForStateAsync(1, "up", TimeSpan.FromSeconds(60));
            using var client = platform.Client();
            var actions = Enumerable.Range(0, 4).Select(i => "outage" + i.ToString(CultureInfo.InvariantCulture)).ToList();
            foreach (var action in actions)
            {
                Assert.That((await client.PutActionAsync(action, "nodejs:20", ActionCode, new { limits = new { memory = 128 } })).Status, Is.EqualTo(200));
            }

            await InvokeAllAsync(client, actions, parallelism: 4);

            var accepted = new ConcurrentBag<string>();
            var answers = new ConcurrentBag<(int Status, TimeSpan Started, TimeSpan Ended)>();
            var clock = Stopwatch.StartNew();
            // The load goes on until calls are accepted again 3 s after the broker returns (at most 45 s after it): on a
            // slow machine the producer's reconnection backoff alone may take up to 10 s.
            using var load = new CancellationTokenSource(TimeSpan.FromSeconds(70));
            var workers = Enumerable.Range(0, 4).Select(w => Task.Run(async () =>
            {
                for (var n = w; !load.IsCancellationRequested; n += 4)
                {
                    var started = clock.Elapsed;
                    var (status, body) = await client.InvokeAsync(actions[n % actions.Count], new { n }, blocking: false);
                    answers.Add((status, started, clock.Elapsed));
                    if (status == 202)
                    {
                        accepted.Add(body.GetProperty("activationId").GetString()!);
                    }

                    await Task.Delay(100);
                }
            })).ToList();
            await Task.Delay(TimeSpan.FromSeconds(3));
            mock.BrokerDown();
            var down = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(10));
            mock.BrokerUp();
            var up = clock.Elapsed;
            while (!load.IsCancellationRequested
                && clock.Elapsed < up + TimeSpan.FromSeconds(45)
                && !answers.Any(a => a.Status == 202 && a.Started > up + TimeSpan.FromSeconds(3)))
            {
                await Task.Delay(250);
            }

            await load.CancelAsync();
            await Task.WhenAll(workers);

            var summary = answers.GroupBy(a => a.Status).ToDictionary(g => g.Key, g => g.Count());
            var slowest = answers.Max(a => a.Ended - a.Started);
            TestContext.Out.WriteLine($"answers: {JsonSerializer.Serialize(summary)}; slowest {slowest.TotalSeconds:F1} s; broker down {down.TotalSeconds:F1}–{up.TotalSeconds:F1} s");
            TestContext.Out.WriteLine(string.Join(" ", answers.OrderBy(a => a.Started).Select(a => FormattableString.Invariant($"{a.Status}@{a.Started.TotalSeconds:F1}-{a.Ended.TotalSeconds:F1}"))));
            Assert.Multiple(() =>
            {
                Assert.That(answers.Select(a => a.Status), Is.All.AnyOf(202, 503));
                Assert.That(answers.Where(a => a.Status == 503).Select(a => a.Ended), Is.Not.Empty.And.All.GreaterThan(down), "calls are refused once the broker is down, not before");
                Assert.That(answers.Where(a => a.Started > up + TimeSpan.FromSeconds(3)).Select(a => a.Status), Has.Some.EqualTo(202), "accepted again after the outage");
                Assert.That(slowest, Is.LessThan(TimeSpan.FromSeconds(10)), "no call hangs");
            });

            // Every accepted activation ends with a record: its real one, or the whisk error the controller stores when
            // no completion came within the completion timeout (3 minutes from its publication). After the outage the
            // invokers' consumers rejoin, and on a loaded two-core machine the burst of cold starts that follows can
            // keep some activations waiting until that timeout.
            var outcomes = await RecordsAsync(client, accepted, TimeSpan.FromSeconds(240));
            TestContext.Out.WriteLine("records by status: " + JsonSerializer.Serialize(outcomes.GroupBy(o => o).ToDictionary(g => g.Key, g => g.Count())));
            Assert.That(outcomes, Has.None.EqualTo("missing"));
            var recovery = Stopwatch.StartNew();
            var (finalStatus, _) = await client.InvokeAsync(actions[0], new { n = -1 });
            while (finalStatus != 200 && recovery.Elapsed < TimeSpan.FromSeconds(90))
            {
                await Task.Delay(1000);
                (finalStatus, _) = await client.InvokeAsync(actions[0], new { n = -1 });
            }

            Assert.That(finalStatus, Is.EqualTo(200), "the platform works again after the outage");
            TestContext.Out.WriteLine($"working again {recovery.Elapsed.TotalSeconds:F1} s after the load ended");
            TestContext.Out.WriteLine(platform.Events());
        }
        catch (Exception exception) when (exception is not IgnoreException)
        {
            TestContext.Out.WriteLine(await platform.PoolsAsync());
            TestContext.Out.WriteLine(platform.Logs());
            throw;
        }
    }

    /// <summary>Invokes the actions (blocking), expects 200 from each, and counts the activations per container owner.</summary>
    [Test]
    public async Task Packages_bindings_sequences_compositions_the_catalog_and_api_calls_work_over_kafka()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 1);
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        using var client = platform.Client();
        const string Increment = "function main(p) { return { n: (p.n || 0) + (p.step || 1) }; }";
        const string Caller = "const openwhisk = require('openwhisk'); async function main(p) { return openwhisk().actions.invoke({ name: '/whisk.system/utils/echo', blocking: true, result: true, params: p }); }";
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/packages/dist-pkg", new { parameters = new[] { new { key = "step", value = 10 } } });
        await client.PutActionAsync("dist-pkg/inc", "nodejs:20", Increment, new { limits = new { memory = 128 } });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/packages/dist-utils", new { binding = new { @namespace = "whisk.system", name = "utils" } });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/dist-seq", new { exec = new { kind = "sequence", components = new[] { "/_/dist-pkg/inc", "/_/dist-utils/echo", "/_/dist-pkg/inc" } } });
        await client.PutActionAsync("dist-conductor", "nodejs:20", "function main(p) { return p.n < 25 ? { action: 'dist-pkg/inc', params: p } : { params: p }; }", new { annotations = new[] { new { key = "conductor", value = true } } });
        await client.PutActionAsync("dist-caller", "nodejs:20", Caller, new { annotations = new[] { new { key = "provide-api-key", value = true } } });

        var sequence = await client.InvokeAsync("dist-seq", new { n = 1 });
        var composition = await client.InvokeAsync("dist-conductor", new { n = 1 }, result: true);
        var caller = await client.InvokeAsync("dist-caller", new { via = "invoker" }, result: true);

        Assert.Multiple(() =>
        {
            Assert.That(sequence.Status, Is.EqualTo(200), sequence.Body.ToString());
            Assert.That(sequence.Body.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(21));
            Assert.That(sequence.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(3));
            Assert.That(composition.Body.GetProperty("n").GetInt32(), Is.EqualTo(31), "1 + 10 + 10 + 10, the first total not below 25");
            Assert.That(caller.Status, Is.EqualTo(200), caller.Body.ToString());
            Assert.That(caller.Body.GetProperty("via").GetString(), Is.EqualTo("invoker"), "an action run by a separate invoker reaches the controller's API");
        });

        await AssertEachServiceServesMetricsAndHealthAsync(platform);
    }

    /// <summary>A fire runs the rule's action on a separate invoker, and the controller's alarms fire a trigger every second.</summary>
    [Test]
    public async Task Triggers_rules_and_the_alarms_feed_work_over_kafka()
    {
        await using var platform = await DistributedPlatform.StartAsync(invokerCount: 1);
        await platform.WaitForStateAsync(0, "up", TimeSpan.FromSeconds(60));
        using var client = platform.Client();
        await client.PutActionAsync("dist-show", "nodejs:20", "function main(p) { return { x: p.x, y: p.y }; }", new { limits = new { memory = 128 } });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/dist-trigger", new { parameters = ApiClientExtensions.Pairs(("x", "trigger")) });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/dist-rule", new { trigger = "/_/dist-trigger", action = "/_/dist-show" });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/dist-alarm", new { annotations = ApiClientExtensions.Pairs(("feed", "/whisk.system/alarms/alarm")) });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/dist-alarm-rule", new { trigger = "/_/dist-alarm", action = "/_/dist-show" });

        var fired = await client.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/triggers/dist-trigger", new { y = "fire" });
        var triggerRecord = await client.WaitForRecordAsync(fired.Body.GetProperty("activationId").GetString()!);
        var line = JsonDocument.Parse(triggerRecord.GetProperty("logs")[0].GetString()!).RootElement;
        var actionRecord = await client.WaitForRecordAsync(line.GetProperty("activationId").GetString()!);
        const string Feed = "/api/v1/namespaces/whisk.system/actions/alarms/alarm?blocking=true";
        var created = await client.SendJsonAsync(HttpMethod.Post, Feed, new
        {
            lifecycleEvent = "CREATE",
            triggerName = "/_/dist-alarm",
            authKey = ServiceProcess.GuestKey,
            cron = "* * * * * *",
            trigger_payload = new { y = "alarm" },
        });
        var alarmFires = 0;
        var clock = Stopwatch.StartNew();
        while (alarmFires < 3 && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(500);
            alarmFires = (await client.GetJsonAsync("/api/v1/namespaces/_/activations?name=dist-alarm&limit=50")).Body.GetArrayLength();
        }

        await client.SendJsonAsync(HttpMethod.Post, Feed, new { lifecycleEvent = "DELETE", triggerName = "/_/dist-alarm", authKey = ServiceProcess.GuestKey });
        var alarmActions = await client.GetJsonAsync("/api/v1/namespaces/_/activations?name=dist-show&docs=true&limit=50");

        Assert.Multiple(() =>
        {
            Assert.That(fired.Status, Is.EqualTo(202), fired.Body.ToString());
            Assert.That(line.GetProperty("success").GetBoolean(), Is.True, line.ToString());
            Assert.That(actionRecord.GetProperty("cause").GetString(), Is.EqualTo(triggerRecord.GetProperty("activationId").GetString()));
            Assert.That(actionRecord.GetProperty("response").GetProperty("result").ToString(), Is.EqualTo("""{"x":"trigger","y":"fire"}"""));
            Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
            Assert.That(alarmFires, Is.GreaterThanOrEqualTo(3), "the controller's alarms fire every second");
            Assert.That(
                alarmActions.Body.EnumerateArray().Select(a => a.GetProperty("response").GetProperty("result").TryGetProperty("y", out var y) ? y.GetString() : null),
                Does.Contain("alarm"),
                "the alarm's payload reaches the rule's action");
        });
    }

    private async Task<Dictionary<string, int>> InvokeAllAsync(HttpClient client, IEnumerable<string> actions, int parallelism)
    {
        var owners = new ConcurrentDictionary<string, int>();
        await Parallel.ForEachAsync(actions.Select((action, n) => (action, n)), new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (call, _) =>
        {
            var (status, body) = await client.InvokeAsync(call.action, new { call.action, call.n }, blocking: true);
            Assert.That(status, Is.EqualTo(200), body.ToString());
            var host = body.GetProperty("response").GetProperty("result").GetProperty("host").GetString()!;
            if (!ownerOfHost.TryGetValue(host, out var owner))
            {
                owner = await DistributedPlatform.OwnerOfContainerAsync(host);
                ownerOfHost[host] = owner;
            }

            owners.AddOrUpdate(owner, 1, (_, count) => count + 1);
        });
        return new Dictionary<string, int>(owners);
    }

    /// <summary>
    /// Two workers invoking the actions in turn without blocking, about 20 calls a second in all (steady load, below
    /// the namespace's concurrency limit even while calls sent to a lost invoker wait), until cancelled.
    /// </summary>
    private static Task SteadyLoadAsync(HttpClient client, IReadOnlyList<string> actions, ConcurrentBag<string> accepted, ConcurrentBag<int> statuses, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, 2).Select(w => Task.Run(async () =>
        {
            for (var n = w; !cancellationToken.IsCancellationRequested; n += 2)
            {
                var (status, body) = await client.InvokeAsync(actions[n % actions.Count], new { n }, blocking: false);
                statuses.Add(status);
                if (status == 202)
                {
                    accepted.Add(body.GetProperty("activationId").GetString()!);
                }

                await Task.Delay(100);
            }
        })));

    /// <summary>Reads the record of every activation: "success", "whisk error" and so on, or "missing" after the timeout.</summary>
    private static async Task<List<string>> RecordsAsync(HttpClient client, IEnumerable<string> activationIds, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var outcomes = new List<string>();
        foreach (var id in activationIds)
        {
            var outcome = "missing";
            while (clock.Elapsed < timeout)
            {
                var (status, body) = await client.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + id);
                if (status == 200)
                {
                    outcome = body.GetProperty("response").GetProperty("status").GetString()!;
                    break;
                }

                if (clock.Elapsed + TimeSpan.FromSeconds(1) >= timeout)
                {
                    TestContext.Out.WriteLine($"activation {id}: {status} {body}");
                }

                await Task.Delay(250);
            }

            outcomes.Add(outcome);
        }

        return outcomes;
    }
}
