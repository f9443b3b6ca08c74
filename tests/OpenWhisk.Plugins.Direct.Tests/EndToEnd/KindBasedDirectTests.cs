using System.Diagnostics;
using System.Text.Json;

namespace OpenWhisk.Plugins.Direct.Tests.EndToEnd;

/// <summary>
/// The real standalone platform with the kind-based resolver: Node.js actions go <c>direct</c> (shared containers
/// the controller owns), everything else through <c>lean</c> (the in-process invoker), on real Docker containers.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class KindBasedDirectTests
{
    private const string Sleeper = """
        function main(args) {
          return new Promise(resolve => setTimeout(() => resolve({ host: require('os').hostname() }), args.ms || 0));
        }
        """;

    private readonly string owner = "wskdirect" + Guid.NewGuid().ToString("N")[..6];
    private StandaloneProcess platform = null!;
    private HttpClient client = null!;

    [OneTimeSetUp]
    public async Task StartPlatform()
    {
        DockerRequirement.Require();
        platform = await StandaloneProcess.StartAsync(new Dictionary<string, string>
        {
            ["Spi:LoadBalancerResolver"] = "kind-based",
            ["LoadBalancer:Default"] = "lean",
            ["LoadBalancer:Kinds:0:Kind"] = "nodejs:20",
            ["LoadBalancer:Kinds:0:Balancer"] = "direct",
            ["Direct:Owner"] = owner,
            ["Direct:MemoryBudgetMb"] = "2048",
            ["Limits:ConcurrentInvocations"] = "500",
            ["Limits:InvocationsPerMinute"] = "10000",
        });
        client = platform.Client();
        client.Timeout = TimeSpan.FromMinutes(2);
    }

    [OneTimeTearDown]
    public async Task StopPlatform()
    {
        client?.Dispose();
        if (platform is not null)
        {
            await platform.DisposeAsync();
            Assert.That(await ContainersAsync(), Is.Empty, "stopping the controller removes its direct containers");
        }
    }

    [Test]
    public async Task A_sequence_mixes_direct_and_lean_components_and_direct_containers_reach_the_api()
    {
        const string Caller = "const openwhisk = require('openwhisk'); async function main(p) { return openwhisk().actions.invoke({ name: '/whisk.system/utils/echo', blocking: true, result: true, params: { n: p.n, via: 'direct' } }); }";
        await client.PutActionAsync("direct-inc", "nodejs:20", "function main(p) { return { n: p.n + 1 }; }", new { limits = new { concurrency = 10 } });
        await client.PutActionAsync("lean-double", "python:3", "def main(args):\n    return {'n': args['n'] * 2}\n");
        await client.PutActionAsync("direct-caller", "nodejs:20", Caller, new { limits = new { concurrency = 10 }, annotations = new[] { new { key = "provide-api-key", value = true } } });
        await client.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/mixed-seq", new { exec = new { kind = "sequence", components = new[] { "/_/direct-inc", "/_/lean-double", "/_/direct-caller" } } });

        var ran = await client.InvokeAsync("mixed-seq", new { n = 1 });
        var components = new List<JsonElement>();
        foreach (var id in ran.Body.GetProperty("logs").EnumerateArray())
        {
            components.Add((await client.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + id.GetString())).Body);
        }

        Assert.Multiple(() =>
        {
            Assert.That(ran.Status, Is.EqualTo(200), ran.Body.ToString());
            Assert.That(ran.Body.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(4));
            Assert.That(ran.Body.GetProperty("response").GetProperty("result").GetProperty("via").GetString(), Is.EqualTo("direct"));
            Assert.That(components.Select(c => Balancer(c)), Is.EqualTo(new[] { "direct", "lean", "direct" }));
        });
    }

    [Test]
    public async Task Runs_nodejs_direct_and_python_through_lean_and_each_record_names_its_balancer()
    {
        await client.PutActionAsync("node-direct", "nodejs:20", "function main(a) { return { who: 'node' }; }", new { limits = new { concurrency = 10 } });
        await client.PutActionAsync("py-lean", "python:3", "def main(args):\n    return {'who': 'python'}\n");
        await client.PutActionAsync("node-single", "nodejs:20", "function main(a) { return { who: 'single' }; }");

        var (nodeStatus, node) = await client.InvokeAsync("node-direct");
        var (pythonStatus, python) = await client.InvokeAsync("py-lean");
        var (singleStatus, single) = await client.InvokeAsync("node-single");
        var (_, stored) = await client.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/" + node.GetProperty("activationId").GetString());

        Assert.Multiple(() =>
        {
            Assert.That((nodeStatus, pythonStatus, singleStatus), Is.EqualTo((200, 200, 200)));
            Assert.That(node.GetProperty("response").GetProperty("result").GetProperty("who").GetString(), Is.EqualTo("node"));
            Assert.That(python.GetProperty("response").GetProperty("result").GetProperty("who").GetString(), Is.EqualTo("python"));
            Assert.That(Balancer(node), Is.EqualTo("direct"));
            Assert.That(Balancer(python), Is.EqualTo("lean"));
            Assert.That(Balancer(single), Is.EqualTo("lean"), "a Node.js action without intra-container concurrency falls back to the default");
            Assert.That(Balancer(stored), Is.EqualTo("direct"), "the stored record says so too");
        });
    }

    [Test]
    public async Task Runs_100_concurrent_invocations_of_a_concurrency_10_action_in_at_most_10_containers()
    {
        await client.PutActionAsync("packed", "nodejs:20", Sleeper, new { limits = new { concurrency = 10 } });

        var answers = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.InvokeAsync("packed", new { ms = 200 }, result: true)));
        var containers = await ContainersAsync();
        await TestContext.Progress.WriteLineAsync($"100 invocations ran in {answers.Select(a => a.Body.GetProperty("host").GetString()).Distinct().Count()} containers ({containers.Count} live)");

        Assert.Multiple(() =>
        {
            Assert.That(answers.Select(a => a.Status), Is.All.EqualTo(200));
            Assert.That(answers.Select(a => a.Body.GetProperty("host").GetString()).Distinct().Count(), Is.InRange(1, 10));
            Assert.That(containers, Has.Count.InRange(1, 10));
        });
    }

    [Test]
    public async Task Killing_a_direct_container_mid_run_ends_its_activations_with_an_error_and_the_next_ones_get_a_fresh_container()
    {
        await client.PutActionAsync("victim", "nodejs:20", Sleeper, new { limits = new { concurrency = 5 } });
        var (warmStatus, warm) = await client.InvokeAsync("victim", result: true);
        var victimHost = warm.GetProperty("host").GetString()!;

        var inFlight = Enumerable.Range(0, 3).Select(_ => client.InvokeAsync("victim", new { ms = 20_000 })).ToList();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await DockerAsync("kill", (await ContainersAsync()).Single(id => victimHost.StartsWith(id, StringComparison.Ordinal) || id.StartsWith(victimHost, StringComparison.Ordinal)));
        var killed = await Task.WhenAll(inFlight).WaitAsync(TimeSpan.FromSeconds(60));
        var (nextStatus, next) = await client.InvokeAsync("victim", result: true);
        await TestContext.Progress.WriteLineAsync(
            "killed in flight: " + string.Join(", ", killed.Select(k => $"{k.Status} {k.Body.GetProperty("response").GetProperty("status").GetString()}: {k.Body.GetProperty("response").GetProperty("result")}")));

        Assert.Multiple(() =>
        {
            Assert.That(warmStatus, Is.EqualTo(200));
            Assert.That(killed.Select(k => k.Body.GetProperty("response").GetProperty("status").GetString()), Is.All.AnyOf("action developer error", "whisk internal error"));
            Assert.That(killed.Select(k => Balancer(k.Body)), Is.All.EqualTo("direct"));
            Assert.That(nextStatus, Is.EqualTo(200));
            Assert.That(next.GetProperty("host").GetString(), Is.Not.EqualTo(victimHost), "a fresh container");
        });
    }

    private static string? Balancer(JsonElement record) =>
        record.GetProperty("annotations").EnumerateArray().FirstOrDefault(a => a.GetProperty("key").GetString() == "balancer") is { ValueKind: JsonValueKind.Object } found
            ? found.GetProperty("value").GetString()
            : null;

    private async Task<List<string>> ContainersAsync()
    {
        var output = await DockerAsync("ps", "-q", "--filter", "label=net.openwhisk.owner=" + owner);
        return output.Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
    }

    private static async Task<string> DockerAsync(params string[] arguments)
    {
        using var docker = Process.Start(new ProcessStartInfo("docker", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await docker.StandardOutput.ReadToEndAsync();
        await docker.WaitForExitAsync();
        return output;
    }
}
