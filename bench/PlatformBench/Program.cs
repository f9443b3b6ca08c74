using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using Docker.DotNet;
using OpenWhisk.Bench.ContainerBench;
using OpenWhisk.Bench.PlatformBench;

// The platform against the physical limit of this machine, measured in one run (see bench/run.sh):
//   baseline      wrk straight to a warm runtime container's /run on its published 127.0.0.1 port;
//   lean, direct  the standalone controller (kind-based resolver: nodejs:20 -> direct, the rest -> lean);
//   kafka         a controller and one invoker over Kafka (librdkafka's mock cluster, 1 ms fetch wait);
//   cold/prewarm  first invocations of new actions, against the bare Engine API sequence and against warm ones;
//   sequence-3    a sequence of three warm noop actions, against the sum of the three actions' own latencies;
//   trigger-fire  a fire with one active rule until the action's record is readable, against invoking the action;
//   web-json      a warm noop web action called as .json without a key, against invoking it with blocking=true&result=true;
//   rss           the standalone process after startup; a fresh one after 20 000 and after 100 000 invocations;
//   scale-sharding-100  bench/ShardingSimulator: the Kafka sharding balancer with 100 simulated invokers over the
//                 in-memory bus, its CPU per activation against the same messages sent straight, and the spread;
//   cold-dotnet/warm-dotnet  bench/PlatformBench/DotnetRuntime.cs: a noop C# action against the Node.js one (--dotnet).
//   journal-cost  non-blocking invocations on two standalones side by side, the journal of accepted activations on and off,
//                 a steady 600/s taking turns: CPU per activation with sweeps, and 202s at 4 connections (--journal-cost: only this one).
//   metrics-cost  throughput-lean's load on two standalones side by side, metrics on (scraped every 5 s) and off, wrk
//                 taking turns between them for several rounds (--metrics-cost: only this one).
//   soak          (--soak [minutes], alone) half of the standalone's capacity for 10 minutes: memory, files, threads
//                 and containers flat, no failure, every record stored; writes bench/results/soak.json.
if (BenchArguments.Parse(args, out var exitCode) is not { } arguments)
{
    return exitCode;
}

var quick = arguments.Quick;
var measure = TimeSpan.FromSeconds(quick ? 5 : 30);
var warmUp = TimeSpan.FromSeconds(quick ? 8 : 20); // for tiered JIT to reach optimized code (the first seconds run up to 2 x slower)
var firsts = quick ? 3 : 10;
const string Image = "openwhisknet/action-nodejs-v20:latest";
const string ActionNetwork = "openwhisk-actions";
const string Noop = "function main(){return {};}";
const string GuestKey = "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
const string InitBody = """{"value":{"name":"noop","main":"main","code":"function main(){return {};}","binary":false}}""";
const string RunBody = """{"value":{},"namespace":"guest","action_name":"/guest/noop","action_version":"0.0.1","activation_id":"0123456789abcdef0123456789abcdef","transaction_id":"bench","deadline":"0"}""";

if (await CostOnly.RunAsync(arguments.Alone, GuestKey, Noop, warmUp, measure, quick))
{
    return 0;
}

if (arguments.Alone == BenchArguments.Rss)
{
    // Only the memory scenario, printed.
    foreach (var entry in await RssGrowth.MeasureAsync(GuestKey, Noop))
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{entry.Scenario}: {entry.RssMb:F1} MB ({entry.Target}): {(entry.Met ? "met" : "NOT met")}"));
    }

    return 0;
}

if (arguments.Alone == BenchArguments.Soak)
{
    await Soak.RunAloneAsync(TimeSpan.FromMinutes(arguments.SoakMinutes), GuestKey, Noop);
    return 0;
}

var entries = new List<BenchEntry>();
var data = Directory.CreateTempSubdirectory("ow-bench-").FullName;
using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new Version(1, 41));
using var bare = new BareEngine(docker, Image);

async Task<(WrkResult Latency, WrkResult Throughput)> DriveAsync(Uri url, string body, string? auth, bool throughput = true, int connections = 4, RuntimeCounters? counters = null, string? name = null)
{
    // Warm-up at the measured concurrency: more connections than measured would only start containers nobody uses.
    await Wrk.RunAsync(url, body, auth, throughput ? connections : 1, warmUp);
    Task<WrkResult> Measured(string scenario, int wrkConnections) => counters is null || name is null
        ? Wrk.RunAsync(url, body, auth, wrkConnections, measure)
        : counters.AroundAsync(scenario + "-" + name, () => Wrk.RunAsync(url, body, auth, wrkConnections, measure));
    var latency = await Measured("latency", 1);
    var rate = throughput ? await Measured("throughput", connections) : latency;
    foreach (var result in new[] { latency, rate }.Where(r => r.Errors > 0))
    {
        throw new InvalidOperationException($"{result.Errors} failed requests to {url}");
    }

    return (latency, rate);
}

// The physical limit: the same wrk load straight to a warm container (kept for the throughput turns below).
await bare.RemoveLeftoverAsync("wskbench_platform_baseline");
var (baselineId, baselineAddress) = await bare.StartAsync("wskbench_platform_baseline");
await bare.InitAsync(baselineAddress, InitBody);
var (baseLatency, baseThroughput) = await DriveAsync(new Uri(baselineAddress, "/run"), RunBody, null);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline: p50 {baseLatency.P50Ms:F3} ms, p99 {baseLatency.P99Ms:F3} ms, {baseThroughput.Rps:F0} rps with 4 connections"));

BenchEntry Latency(string scenario, WrkResult result, double allowanceMs, RuntimeCounters? counters = null) => new()
{
    Scenario = scenario,
    Runtime = counters?.Costs.GetValueOrDefault(scenario),
    P50Ms = result.P50Ms,
    P99Ms = result.P99Ms,
    Rps = result.Rps,
    BaselineP50Ms = baseLatency.P50Ms,
    BaselineRps = baseLatency.Rps,
    Target = string.Create(CultureInfo.InvariantCulture, $"p50 <= baseline + {allowanceMs} ms, p99 <= 3 x p50"),
    Met = result.P50Ms <= baseLatency.P50Ms + allowanceMs && result.P99Ms <= 3 * result.P50Ms,
};

BenchEntry Throughput(string scenario, WrkResult result, double fraction, WrkResult baseline, RuntimeCounters? counters = null) => new()
{
    Scenario = scenario,
    Runtime = counters?.Costs.GetValueOrDefault(scenario),
    P50Ms = result.P50Ms,
    P99Ms = result.P99Ms,
    Rps = result.Rps,
    BaselineP50Ms = baseline.P50Ms,
    BaselineRps = baseline.Rps,
    Target = string.Create(CultureInfo.InvariantCulture, $"rps >= {fraction:P0} of baseline"),
    Met = result.Rps >= fraction * baseline.Rps,
};

// The standalone platform: lean and direct side by side, cold and prewarm starts, memory.
var port = Service.FreePort();
var standaloneUrl = new Uri($"http://127.0.0.1:{port}");
await using (var standalone = await Service.StartAsync(
    "standalone",
    "src/Standalone/bin/Release/net10.0/OpenWhisk.Standalone.dll",
    ["--port", port.ToString(CultureInfo.InvariantCulture),
        "--Stores:Sqlite:Path=" + Path.Combine(data, "standalone.db"),
        "--Spi:LoadBalancerResolver=kind-based", "--LoadBalancer:Default=lean",
        "--LoadBalancer:Kinds:0:Kind=nodejs:20", "--LoadBalancer:Kinds:0:Balancer=direct",
        "--Direct:Owner=wskbenchdirect", "--Invoker:UniqueName=wskbenchlean",
        "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000",
        "--Limits:FiresPerMinute=100000000", "--Logging:LogLevel:Default=Warning",

        // Room for every cold-start round's 512 MB container, so that no cold start waits for an evicted container
        // to be destroyed (evicted containers count until they are gone): the bare sequence evicts nothing either.
        "--Invoker:Pool:UserMemoryMb=12288",
    ],
    Service.Answers(new Uri(standaloneUrl, "/invokers/ready"))))
{
    await Task.Delay(TimeSpan.FromSeconds(3));
    var idleRss = standalone.RssMb;
    using var api = new HttpClient { BaseAddress = standaloneUrl, Timeout = TimeSpan.FromMinutes(2) };
    api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(GuestKey)));
    async Task PutAsync(string name, int concurrency, int memoryMb = 256) =>
        (await api.PutAsJsonAsync($"/api/v1/namespaces/_/actions/{name}?overwrite=true", new { exec = new { kind = "nodejs:20", code = Noop }, limits = new { concurrency, memory = memoryMb } }))
            .EnsureSuccessStatusCode();
    async Task<TimeSpan> InvokeAsync(string name)
    {
        var clock = Stopwatch.StartNew();
        (await api.PostAsJsonAsync($"/api/v1/namespaces/_/actions/{name}?blocking=true&result=true", new { })).EnsureSuccessStatusCode();
        return clock.Elapsed;
    }

    Uri Invoke(string name) => new(standaloneUrl, $"/api/v1/namespaces/_/actions/{name}?blocking=true&result=true");

    // Runs 1 + firsts rounds of a measurement and its baseline (the first round warms both up and is not counted).
    async Task<BenchEntry> PairedAsync(string scenario, string target, Func<double, double, bool> met, Func<string, Task<(TimeSpan Measured, TimeSpan Baseline)>> round)
    {
        var measured = new Samples(scenario);
        var baseline = new Samples(scenario + " baseline");
        for (var i = 0; i <= firsts; i++)
        {
            var (value, reference) = await round(scenario + i.ToString(CultureInfo.InvariantCulture));
            if (i > 0)
            {
                measured.Add(value);
                baseline.Add(reference);
            }
        }

        return new BenchEntry
        {
            Scenario = scenario,
            P50Ms = measured.Median,
            P99Ms = measured.Percentile(0.99),
            BaselineP50Ms = baseline.Median,
            Target = target,
            Met = met(measured.Median, baseline.Median),
        };
    }

    // Prewarm hit vs warm: each new 256 MB Node.js action takes a stem cell; the pool makes a new one meanwhile.
    entries.Add(await PairedAsync("prewarm", "p50 <= warm p50 + 20 ms", (p50, warm) => p50 <= warm + 20, async name =>
    {
        await PutAsync(name, 1);
        await Task.Delay(TimeSpan.FromSeconds(3));
        var first = await InvokeAsync(name);
        return (first, await InvokeAsync(name));
    }));

    // Cold start: 512 MB matches no stem cell, so the first invocation creates a container.
    entries.Add(await PairedAsync("cold", "p50 <= 1.1 x bare Engine API sequence", (p50, bareP50) => p50 <= 1.1 * bareP50, async name =>
    {
        await PutAsync(name, 1, memoryMb: 512);
        var platformTime = await InvokeAsync(name);

        // Let the engine settle (log reads, the stem cell backfill) before the bare sequence.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var clock = Stopwatch.StartNew();
        var (id, address) = await bare.StartAsync("wskbench_platform_" + name, ActionNetwork);
        await bare.InitAsync(address, InitBody);
        await bare.PostAsync(address, "/run", RunBody);
        var bareTime = clock.Elapsed;
        await bare.RemoveAsync(id);
        return (platformTime, bareTime);
    }));

    await PutAsync("noop-lean", 1);
    await PutAsync("noop-direct", 4);
    // The standalone's own runtime counters around each measured run: allocations, work items, CPU, collections, pauses.
    var counters = new RuntimeCounters(new Uri(standaloneUrl, "/metrics"));
    var (leanLatency, _) = await DriveAsync(Invoke("noop-lean"), "{}", GuestKey, counters: counters, name: "lean");
    var (directLatency, _) = await DriveAsync(Invoke("noop-direct"), "{}", GuestKey, counters: counters, name: "direct");
    entries.Add(Latency("latency-lean", leanLatency, 1.0, counters));
    entries.Add(Latency("latency-direct", directLatency, 0.5, counters));

    // The throughput targets are shares of the bare container: each measured again in turns with it (bare, lean,
    // direct; 3 turns, 2 quick), so that a share compares the same minutes of the machine.
    var turns = await ThroughputTurns.RunAsync(
        [("baseline", new Uri(baselineAddress, "/run"), RunBody, null), ("lean", Invoke("noop-lean"), "{}", GuestKey), ("direct", Invoke("noop-direct"), "{}", GuestKey)],
        quick ? 2 : 3,
        measure,
        connections: 4);
    await bare.RemoveAsync(baselineId);
    entries.Add(Throughput("throughput-lean", turns["lean"], 0.60, turns["baseline"], counters));
    entries.Add(Throughput("throughput-direct", turns["direct"], 0.75, turns["baseline"], counters));
    entries.Add(HotPath.Entry(counters.Costs["throughput-lean"]));

    // A sequence of three warm noop actions (through lean) against the sum of the three actions' own latencies.
    var components = new[] { "seq-noop-a", "seq-noop-b", "seq-noop-c" };
    var componentP50s = new List<double>();
    var componentRequests = 0L;
    foreach (var component in components)
    {
        await PutAsync(component, 1, memoryMb: 128);
        var (alone, _) = await DriveAsync(Invoke(component), "{}", GuestKey, throughput: false);
        componentP50s.Add(alone.P50Ms);
        componentRequests += alone.Requests;
    }

    (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/seq-noop?overwrite=true", new { exec = new { kind = "sequence", components = components.Select(c => "/_/" + c) } }))
        .EnsureSuccessStatusCode();
    var (sequenceLatency, _) = await DriveAsync(Invoke("seq-noop"), "{}", GuestKey, throughput: false);
    var sum = componentP50s.Sum();
    var perComponent = (sequenceLatency.P50Ms - sum) / components.Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sequence of 3: p50 {sequenceLatency.P50Ms:F3} ms vs components' sum {sum:F3} ms ({string.Join(" + ", componentP50s.Select(p => p.ToString("F3", CultureInfo.InvariantCulture)))}): {sequenceLatency.P50Ms / sum:F2} x, {perComponent:F3} ms per component"));
    entries.Add(new BenchEntry
    {
        Scenario = "sequence-3",
        P50Ms = sequenceLatency.P50Ms,
        P99Ms = sequenceLatency.P99Ms,
        Rps = sequenceLatency.Rps,
        BaselineP50Ms = sum,
        Target = "p50 <= sum of components' p50 + 1 ms each",
        Met = perComponent <= 1.0,
    });

    // A trigger fire with one active rule to a warm noop action against invoking that action without blocking:
    // both from the request until the action's record is readable, alternating, the first rounds not counted.
    await PutAsync("fire-noop", 1, memoryMb: 128);
    (await api.PutAsJsonAsync("/api/v1/namespaces/_/triggers/fire-bench?overwrite=true", new { })).EnsureSuccessStatusCode();
    (await api.PutAsJsonAsync("/api/v1/namespaces/_/rules/fire-bench-rule?overwrite=true", new { trigger = "/_/fire-bench", action = "/_/fire-noop" }))
        .EnsureSuccessStatusCode();
    var probe = new RecordProbe(api);
    var fires = new Samples("trigger fire until the action's record");
    var invokes = new Samples("invocation until the action's record");
    var rounds = quick ? 300 : 2000;
    for (var round = -50; round < rounds; round++)
    {
        var invoked = await probe.InvokeAsync("fire-noop");
        var fired = await probe.FireAsync("fire-bench");
        if (round >= 0)
        {
            invokes.Add(invoked);
            fires.Add(fired);
        }
    }

    Console.WriteLine(invokes);
    Console.WriteLine(fires);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"trigger fire: {fires.Median / invokes.Median:F2} x the action's own latency, +{fires.Median - invokes.Median:F3} ms"));
    entries.Add(new BenchEntry
    {
        Scenario = "trigger-fire",
        P50Ms = fires.Median,
        P99Ms = fires.Percentile(0.99),
        BaselineP50Ms = invokes.Median,
        Target = "p50 <= action's own p50 + 2 ms",
        Met = fires.Median <= invokes.Median + 2.0,
    });

    // A web action (.json, anonymous) against the same action invoked through the API, blocking for its result.
    (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/web-noop?overwrite=true", new
    {
        exec = new { kind = "nodejs:20", code = Noop },
        limits = new { concurrency = 1, memory = 128 },
        annotations = new[] { new { key = "web-export", value = true } },
    })).EnsureSuccessStatusCode();
    var (webInvoked, _) = await DriveAsync(Invoke("web-noop"), "{}", GuestKey, throughput: false);
    var (webCalled, _) = await DriveAsync(new Uri(standaloneUrl, "/api/v1/web/guest/default/web-noop.json"), "{}", null, throughput: false);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"web action: p50 {webCalled.P50Ms:F3} ms vs invoke {webInvoked.P50Ms:F3} ms, {webCalled.P50Ms - webInvoked.P50Ms:+0.000;-0.000} ms"));
    entries.Add(new BenchEntry
    {
        Scenario = "web-json",
        P50Ms = webCalled.P50Ms,
        P99Ms = webCalled.P99Ms,
        Rps = webCalled.Rps,
        BaselineP50Ms = webInvoked.P50Ms,
        Target = "p50 <= blocking invoke's p50 + 0.3 ms",
        Met = webCalled.P50Ms <= webInvoked.P50Ms + 0.3,
    });

    entries.Add(new BenchEntry { Scenario = "rss-idle", RssMb = idleRss, Target = "<= 150 MB", Met = idleRss <= 150 });
}

// Resident memory under load, on a standalone of its own: at 20 000 and at 100 000 invocations.
entries.AddRange(await RssGrowth.MeasureAsync(GuestKey, Noop));

// The sharding balancer with 100 simulated invokers over the in-memory bus.
entries.Add(await ShardingScale.MeasureAsync(quick ? 50_000 : 200_000));

// The journal of accepted activations: non-blocking invocations with it and without it.
entries.AddRange(await DotnetRuntime.MeasureAsync(data, GuestKey, Noop, warmUp, measure, firsts));
entries.Add(await JournalCost.MeasureAsync(data, GuestKey, Noop, warmUp, TimeSpan.FromSeconds(quick ? 10 : 20), quick ? 4 : 8));

// Metrics: blocking lean invocations with metrics on (and scraped) and off.
entries.Add(await MetricsCost.MeasureAsync(data, GuestKey, Noop, warmUp, quick ? measure : TimeSpan.FromSeconds(15), quick ? 4 : 6));

// Distributed: a controller and one invoker over Kafka (the mock cluster; a real broker with OW_KAFKA_BOOTSTRAP).
var bootstrapFile = Path.Combine(data, "kafka.bootstrap");
Service? kafka = null;
var bootstrap = Environment.GetEnvironmentVariable("OW_KAFKA_BOOTSTRAP");
if (string.IsNullOrEmpty(bootstrap))
{
    kafka = await Service.StartAsync(
        "kafka-mock",
        "tools/KafkaMock/bin/Release/net10.0/OpenWhisk.KafkaMock.dll",
        // The mock finds a fetch's offset by walking every batch it keeps (up to 5 MiB per partition), where a broker
        // looks it up in an index: keeping two seconds of messages, far more than the callers' lag, stops that walk
        // from costing the mock a quarter of a core (docs/distributed.md).
        ["--topics", "invoker0,completed0,health", "--bootstrap-file", bootstrapFile, "--retention-seconds", "2"],
        () => Task.FromResult(File.Exists(bootstrapFile) && new FileInfo(bootstrapFile).Length > 0));
    bootstrap = (await File.ReadAllTextAsync(bootstrapFile)).Trim();
}

string[] kafkaSettings =
[
    "--Kafka:BootstrapServers=" + bootstrap, "--Kafka:FetchWaitMaxMs=1", "--Kafka:SessionTimeoutMs=2000",
    "--Kafka:HeartbeatIntervalMs=200", "--Stores:Sqlite:Path=" + Path.Combine(data, "distributed.db"),
    "--Logging:LogLevel:Default=Warning",
];
try
{
    var controllerPort = Service.FreePort();
    var controllerUrl = new Uri($"http://127.0.0.1:{controllerPort}");
    await using var controller = await Service.StartAsync(
        "controller",
        "src/Controller/bin/Release/net10.0/OpenWhisk.Controller.dll",
        ["--role", "controller", "--port", controllerPort.ToString(CultureInfo.InvariantCulture), "--Controller:BootstrapDefaultIdentities=true", "--Limits:InvocationsPerMinute=100000000", "--Limits:ConcurrentInvocations=100000", .. kafkaSettings],
        Service.Answers(new Uri(controllerUrl, "/ping")));
    await using var invoker = await Service.StartAsync(
        "invoker",
        "src/Invoker/bin/Release/net10.0/OpenWhisk.Invoker.dll",
        ["--id", "0", "--port", Service.FreePort().ToString(CultureInfo.InvariantCulture), "--Invoker:UniqueName=wskbenchkafka", .. kafkaSettings],
        Service.Answers(new Uri(controllerUrl, "/invokers/ready")));
    using var api = new HttpClient { BaseAddress = controllerUrl };
    api.DefaultRequestHeaders.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(GuestKey)));
    (await api.PutAsJsonAsync("/api/v1/namespaces/_/actions/noop?overwrite=true", new { exec = new { kind = "nodejs:20", code = Noop } })).EnsureSuccessStatusCode();
    var (kafkaLatency, kafkaThroughput) = await DriveAsync(new Uri(controllerUrl, "/api/v1/namespaces/_/actions/noop?blocking=true&result=true"), "{}", GuestKey, connections: 8);
    entries.Add(Latency("latency-kafka", kafkaLatency, 5.0));

    // Eight connections after a warm-up at eight, against lean's throughput measured above.
    var leanRps = entries.Single(e => e.Scenario == "throughput-lean").Rps;
    entries.Add(new BenchEntry
    {
        Scenario = "throughput-kafka",
        P50Ms = kafkaThroughput.P50Ms,
        P99Ms = kafkaThroughput.P99Ms,
        Rps = kafkaThroughput.Rps,
        BaselineRps = leanRps,
        Target = "rps >= 25% of throughput-lean, p99 <= 3 x p50",
        Met = kafkaThroughput.Rps >= 0.25 * leanRps && kafkaThroughput.P99Ms <= 3 * kafkaThroughput.P50Ms,
    });
}
finally
{
    if (kafka is not null)
    {
        await kafka.DisposeAsync();
    }

    Directory.Delete(data, recursive: true);
}

await ResultsReport.WriteAsync(entries, quick, measure);
return 0;
