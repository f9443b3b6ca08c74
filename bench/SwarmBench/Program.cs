using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Bench.ContainerBench;
using OpenWhisk.Bench.SwarmBench;
using OpenWhisk.Plugins.Docker;
using OpenWhisk.Plugins.Swarm;
using OpenWhisk.Spi.Containers;

// Measures, in one run, the Swarm container factory against its limits on this machine (the engine must be a swarm
// manager; bench/swarm.sh makes it one):
//   cold: create -> first /run result through the swarm factory vs the bare service-create sequence + plain HTTP;
//   warm: /run through a swarm container vs /run through a Docker factory container, interleaved.
if (RunCounts.Parse(args, "SwarmBench: the Swarm container factory against the bare service API (cold start) and the Docker factory (warm /run).", out var exitCode) is not { } counts)
{
    return exitCode;
}

var (coldRuns, warmRuns) = (counts.Cold, counts.Warm);
const string Image = "openwhisknet/action-nodejs-v20:latest";
const string InitBody = """{"value":{"name":"noop","main":"main","code":"function main(){return {};}","binary":false}}""";
const string RunBody = """{"value":{},"namespace":"guest","action_name":"/guest/noop","action_version":"0.0.1","activation_id":"0123456789abcdef0123456789abcdef","transaction_id":"bench","deadline":"0"}""";

using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new Version(1, 41));
var swarmOptions = new SwarmOptions();
await using var swarm = new SwarmContainerFactory(Options.Create(swarmOptions), TimeProvider.System, NullLogger<SwarmContainerFactory>.Instance);
using var dockerFactory = new DockerContainerFactory(Options.Create(new DockerOptions()), TimeProvider.System, NullLogger<DockerContainerFactory>.Instance);
using var http = new BareEngine(docker, Image);
var bare = new BareSwarm(docker, Image, swarmOptions.TaskPollInterval);
await swarm.CleanupAsync("wskbench", CancellationToken.None);
var callOptions = new ContainerCallOptions { Timeout = TimeSpan.FromSeconds(60) };
var initBytes = Encoding.UTF8.GetBytes(InitBody);
var runBytes = Encoding.UTF8.GetBytes(RunBody);
ContainerRequest Request(string name) => new() { Name = name, Owner = "wskbench", Image = Image, MemoryMb = 256, CpuShares = 256 };

var coldFactory = new Samples("cold start, swarm factory");
var coldBare = new Samples("cold start, bare service create + HTTP");
for (var i = 0; i < coldRuns + 1; i++)
{
    var clock = Stopwatch.StartNew();
    var container = await swarm.CreateContainerAsync(Request($"wskbench-{i}-factory"), CancellationToken.None);
    await container.InitializeAsync(initBytes, callOptions, CancellationToken.None);
    var result = await container.RunAsync(runBytes, callOptions, CancellationToken.None);
    var factoryTime = clock.Elapsed;
    await container.DestroyAsync(CancellationToken.None);

    clock.Restart();
    var (id, address) = await bare.StartAsync($"wskbench-{i}-bare");
    await http.InitAsync(address, InitBody);
    await http.PostAsync(address, "/run", RunBody);
    var bareTime = clock.Elapsed;
    await bare.RemoveAsync(id);

    if (result.StatusCode != 200)
    {
        throw new InvalidOperationException("the noop action failed: " + result.Body);
    }

    if (i > 0)
    {
        // The first round warms up both paths (JIT, connection pools) and is not counted.
        coldFactory.Add(factoryTime);
        coldBare.Add(bareTime);
    }
}

var swarmWarm = await swarm.CreateContainerAsync(Request("wskbench-warm"), CancellationToken.None);
var dockerWarm = await dockerFactory.CreateContainerAsync(Request("wskbench_warm_docker"), CancellationToken.None);
await swarmWarm.InitializeAsync(initBytes, callOptions, CancellationToken.None);
await dockerWarm.InitializeAsync(initBytes, callOptions, CancellationToken.None);
var warmSwarm = new Samples("warm /run, swarm container");
var warmDocker = new Samples("warm /run, docker container");
for (var i = 0; i < warmRuns + 200; i++)
{
    var clock = Stopwatch.StartNew();
    await swarmWarm.RunAsync(runBytes, callOptions, CancellationToken.None);
    var swarmTime = clock.Elapsed;
    clock.Restart();
    await dockerWarm.RunAsync(runBytes, callOptions, CancellationToken.None);
    if (i >= 200)
    {
        warmSwarm.Add(swarmTime);
        warmDocker.Add(clock.Elapsed);
    }
}

await swarmWarm.DestroyAsync(CancellationToken.None);
await dockerWarm.DestroyAsync(CancellationToken.None);
await swarm.CleanupAsync("wskbench", CancellationToken.None);
await dockerFactory.CleanupAsync("wskbench", CancellationToken.None);

Console.WriteLine(coldFactory);
Console.WriteLine(coldBare);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  cold ratio swarm factory / bare (p50)",-44} {coldFactory.Median / coldBare.Median:F3}   (target <= 1.2)"));
Console.WriteLine(warmSwarm);
Console.WriteLine(warmDocker);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  warm p50 swarm - docker (ms)",-44} {warmSwarm.Median - warmDocker.Median:F3}   (target <= 0.2)"));

var results = new[]
{
    new { scenario = "swarm-cold", p50Ms = coldFactory.Median, p99Ms = coldFactory.Percentile(0.99), baselineP50Ms = coldBare.Median },
    new { scenario = "swarm-warm-run", p50Ms = warmSwarm.Median, p99Ms = warmSwarm.Percentile(0.99), baselineP50Ms = warmDocker.Median },
};
var output = Path.Combine(AppContext.BaseDirectory, "swarm-bench.json");
File.WriteAllText(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine("written " + output);
return 0;
