using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Docker.DotNet;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Bench.ContainerBench;
using OpenWhisk.Plugins.Docker;
using OpenWhisk.Spi.Containers;

// Measures, in one run, the Docker container factory against the physical limit on this machine:
//   cold: create -> first /run result through the factory vs the bare Engine API sequence + plain HTTP;
//   warm: /run through the factory's container vs a plain kept-alive HTTP client to the same container.
if (RunCounts.Parse(args, "ContainerBench: the Docker container factory against the bare Engine API (cold start) and plain HTTP (warm /run).", out var exitCode) is not { } counts)
{
    return exitCode;
}

var (coldRuns, warmRuns) = (counts.Cold, counts.Warm);
const string Image = "openwhisknet/action-nodejs-v20:latest";
const string InitBody = """{"value":{"name":"noop","main":"main","code":"function main(){return {};}","binary":false}}""";
const string RunBody = """{"value":{},"namespace":"guest","action_name":"/guest/noop","action_version":"0.0.1","activation_id":"0123456789abcdef0123456789abcdef","transaction_id":"bench","deadline":"0"}""";

using var docker = new DockerClientConfiguration(new Uri("unix:///var/run/docker.sock")).CreateClient(new Version(1, 41));
// Over TCP, like the bare baseline: this measures what the factory adds, not the transport (PlatformBench measures that).
using var factory = new DockerContainerFactory(
    Options.Create(new DockerOptions { Transport = ContainerTransport.Tcp }), TimeProvider.System, NullLogger<DockerContainerFactory>.Instance);
using var bare = new BareEngine(docker, Image);
await factory.CleanupAsync("wskbench", CancellationToken.None);
var callOptions = new ContainerCallOptions { Timeout = TimeSpan.FromSeconds(30) };
var initBytes = Encoding.UTF8.GetBytes(InitBody);
var runBytes = Encoding.UTF8.GetBytes(RunBody);

var coldFactory = new Samples("cold start, factory");
var coldBare = new Samples("cold start, bare Engine API + HTTP");
for (var i = 0; i < coldRuns + 1; i++)
{
    var clock = Stopwatch.StartNew();
    var container = await factory.CreateContainerAsync(
        new ContainerRequest { Name = $"wskbench_{i}_factory", Owner = "wskbench", Image = Image, MemoryMb = 256, CpuShares = 256 }, CancellationToken.None);
    await container.InitializeAsync(initBytes, callOptions, CancellationToken.None);
    var result = await container.RunAsync(runBytes, callOptions, CancellationToken.None);
    var factoryTime = clock.Elapsed;
    await container.DestroyAsync(CancellationToken.None);

    clock.Restart();
    var (id, address) = await bare.StartAsync($"wskbench_{i}_bare", new DockerOptions().Network);
    await bare.InitAsync(address, InitBody);
    await bare.PostAsync(address, "/run", RunBody);
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

var warm = await factory.CreateContainerAsync(
    new ContainerRequest { Name = "wskbench_warm", Owner = "wskbench", Image = Image, MemoryMb = 256, CpuShares = 256 }, CancellationToken.None);
await warm.InitializeAsync(initBytes, callOptions, CancellationToken.None);
var warmUri = new Uri($"http://{warm.Address.Host}:{warm.Address.Port}");
var warmFactory = new Samples("warm /run, factory container");
var warmDirect = new Samples("warm /run, plain HTTP client");
for (var i = 0; i < 200; i++)
{
    await warm.RunAsync(runBytes, callOptions, CancellationToken.None);
    await bare.PostAsync(warmUri, "/run", RunBody);
}

for (var i = 0; i < warmRuns; i++)
{
    var clock = Stopwatch.StartNew();
    await warm.RunAsync(runBytes, callOptions, CancellationToken.None);
    warmFactory.Add(clock.Elapsed);
    clock.Restart();
    await bare.PostAsync(warmUri, "/run", RunBody);
    warmDirect.Add(clock.Elapsed);
}

await warm.DestroyAsync(CancellationToken.None);
await factory.CleanupAsync("wskbench", CancellationToken.None);

Console.WriteLine(coldFactory);
Console.WriteLine(coldBare);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  cold ratio factory / bare (p50)",-40} {coldFactory.Median / coldBare.Median:F3}"));
Console.WriteLine(warmFactory);
Console.WriteLine(warmDirect);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"  warm ratio factory / direct (p50)",-40} {warmFactory.Median / warmDirect.Median:F3}"));

var results = new[]
{
    new { scenario = "factory-cold", p50Ms = coldFactory.Median, p99Ms = coldFactory.Percentile(0.99), baselineP50Ms = coldBare.Median },
    new { scenario = "factory-warm-run", p50Ms = warmFactory.Median, p99Ms = warmFactory.Percentile(0.99), baselineP50Ms = warmDirect.Median },
};
var output = Path.Combine(AppContext.BaseDirectory, "container-bench.json");
File.WriteAllText(output, JsonSerializer.Serialize(results, new JsonSerializerOptions { WriteIndented = true }));
Console.WriteLine("written " + output);
return 0;
