using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Docker.DotNet;
using OpenWhisk.Bench.BalancerBench;
using OpenWhisk.Bench.ContainerBench;

// Measures, in one run, a warm blocking noop invocation three ways:
//   direct    the controller sends /run to a shared container it owns (balancer "direct");
//   lean      the controller hands the activation to its in-process invoker over the in-memory bus (balancer "lean");
//   baseline  plain HTTP straight to a warm runtime container's /run on its published 127.0.0.1 port.
// Latency: one request at a time. Throughput: 4 connections for a fixed time.
var latencyRequests = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var throughputTime = TimeSpan.FromSeconds(args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 5);
const int Connections = 4;
const string Image = "openwhisknet/action-nodejs-v20:latest";
const string Noop = "function main(){return {};}";
const string GuestKey = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
const string InitBody = """{"value":{"name":"noop","main":"main","code":"function main(){return {};}","binary":false}}""";
const string RunBody = """{"value":{},"namespace":"guest","action_name":"/guest/noop","action_version":"0.0.1","activation_id":"0123456789abcdef0123456789abcdef","transaction_id":"bench","deadline":"0"}""";

using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new Version(1, 41));
using var bare = new BareEngine(docker, Image);
var (baselineId, baselineAddress) = await bare.StartAsync("wskbench_balancer_baseline");
await bare.InitAsync(baselineAddress, InitBody);

await using var platform = await Platform.StartAsync(new Dictionary<string, string>
{
    ["Spi:LoadBalancerResolver"] = "kind-based",
    ["LoadBalancer:Default"] = "lean",
    ["LoadBalancer:Kinds:0:Kind"] = "nodejs:20",
    ["LoadBalancer:Kinds:0:Balancer"] = "direct",
    ["Direct:Owner"] = "wskbenchdirect",
    ["Invoker:UniqueName"] = "wskbenchlean",
    ["Limits:InvocationsPerMinute"] = "100000000",
    ["Limits:ConcurrentInvocations"] = "10000",
    ["Logging:LogLevel:Default"] = "Warning",
    ["Spi:LogStore"] = Environment.GetEnvironmentVariable("OW_BENCH_LOG_STORE") ?? "activation",
});

using (var admin = new HttpClient { BaseAddress = platform.Address })
{
    admin.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(GuestKey)));
    foreach (var (name, concurrency) in new[] { ("noop-direct", Connections), ("noop-lean", 1) })
    {
        var put = await admin.PutAsJsonAsync(
            $"/api/v1/namespaces/_/actions/{name}?overwrite=true",
            new { exec = new { kind = "nodejs:20", code = Noop }, limits = new { concurrency } });
        put.EnsureSuccessStatusCode();
    }
}

Uri Invoke(string action) => new(platform.Address, $"/api/v1/namespaces/_/actions/{action}?blocking=true&result=true");
var targets = new[]
{
    new Target("baseline", new Uri(baselineAddress, "/run"), RunBody, null),
    new Target("direct", Invoke("noop-direct"), "{}", GuestKey),
    new Target("lean", Invoke("noop-lean"), "{}", GuestKey),
};

var rows = new List<(string Name, Samples Latency, double Rps)>();
foreach (var target in targets)
{
    for (var i = 0; i < 300; i++)
    {
        await target.SendAsync();
    }

    var latency = new Samples("latency " + target.Name);
    for (var i = 0; i < latencyRequests; i++)
    {
        var clock = Stopwatch.StartNew();
        await target.SendAsync();
        latency.Add(clock.Elapsed);
    }

    var completed = 0L;
    var deadline = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, Connections).Select(async _ =>
    {
        while (deadline.Elapsed < throughputTime)
        {
            await target.SendAsync();
            Interlocked.Increment(ref completed);
        }
    }));
    rows.Add((target.Name, latency, completed / deadline.Elapsed.TotalSeconds));
}

await bare.RemoveAsync(baselineId);
foreach (var target in targets)
{
    target.Dispose();
}

var baseline = rows[0];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm blocking noop, {latencyRequests} sequential requests, then {Connections} connections for {throughputTime.TotalSeconds:F0} s"));
Console.WriteLine($"{"path",-10} {"p50 ms",9} {"p99 ms",9} {"p50 - base",11} {"rps",9} {"rps / base",11}");
foreach (var (name, latency, rps) in rows)
{
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"{name,-10} {latency.Median,9:F3} {latency.Percentile(0.99),9:F3} {latency.Median - baseline.Latency.Median,11:F3} {rps,9:F0} {rps / baseline.Rps,11:F3}"));
}

var results = rows.Select(r => new
{
    scenario = r.Name,
    p50Ms = r.Latency.Median,
    p99Ms = r.Latency.Percentile(0.99),
    rps = r.Rps,
    baselineP50Ms = baseline.Latency.Median,
    baselineRps = baseline.Rps,
});
var output = Path.Combine(AppContext.BaseDirectory, "balancer-bench.json");
await File.WriteAllTextAsync(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine("written " + output);
