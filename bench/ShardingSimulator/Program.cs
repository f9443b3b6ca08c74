// The sharding balancer at scale, on paper: 100 simulated invokers over the in-memory bus (no Kafka, no Docker). The
// same uniform traffic (each activation of an action of its own, 64 in flight) runs once straight to the invokers
// (the baseline) and once through the Kafka sharding balancer with the controller's activation tracker; the
// difference in this process's CPU time per activation (medians of three alternating rounds) is what the balancer costs (target <= 20 us), and the
// activations each invoker got show how evenly it spreads uniform traffic (every invoker within 10 % of the mean).
//   dotnet bench/ShardingSimulator/bin/Release/net10.0/ShardingSimulator.dll [ACTIVATIONS] [--json FILE]
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Bench.ShardingSimulator;
using OpenWhisk.Plugins.Memory;
using OpenWhisk.Plugins.Kafka.Balancing;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using Options = Microsoft.Extensions.Options.Options;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Spi.Toolkit.LoadBalancing;

const int Invokers = 100;
const int InFlight = 64;
var activationsArgument = new Argument<int>("ACTIVATIONS") { Description = "Activations per round.", DefaultValueFactory = _ => 200_000 };
var jsonOption = new Option<string?>("--json") { Description = "Also write what was measured to this file, as JSON.", HelpName = "FILE" };
var parsed = new RootCommand("ShardingSimulator: the Kafka sharding balancer with 100 simulated invokers over the in-memory bus.") { activationsArgument, jsonOption }
    .Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count > 0 || parsed.Action is not null)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    return parsed.Errors.Count > 0 ? 2 : await parsed.InvokeAsync();
}

var activations = parsed.GetValue(activationsArgument);
var jsonFile = parsed.GetValue(jsonOption);
var guest = new Identity
{
    Subject = "guest",
    Namespace = new NamespaceInfo("guest", "23bc46b1-71f6-4ed5-8c54-816aa4f8c502"),
    AuthKey = new AuthKey("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:secret"),
};

var bus = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System);
await using var producer = bus.CreateProducer(OpenWhisk.Spi.Messaging.MessageProducerOptions.Default);
using var stop = new CancellationTokenSource();
var invokers = Enumerable.Range(0, Invokers).Select(i => new SimulatedInvoker(i, bus, producer)).ToList();
var running = invokers.Select(i => Task.Run(() => i.RunAsync(stop.Token))).ToList();

WhiskAction Action(int i) => new()
{
    Namespace = "guest",
    Name = "action" + i.ToString(CultureInfo.InvariantCulture),
    Exec = new ActionExec { Kind = "nodejs:20", Code = "function main(a) { return a; }" },
    Limits = new ActionLimits { MemoryMb = 128 },
};
ActivationMessage Message(WhiskAction action, string controller) => new()
{
    TransactionId = new TransactionId("sim", 0),
    Action = ActionReference.For(action),
    User = guest,
    ActivationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
    RootControllerIndex = new ControllerInstanceId(controller),
};

// Runs the activations, InFlight at a time; returns this process's CPU time and the wall time they took.
async Task<(TimeSpan Cpu, TimeSpan Wall)> DriveAsync(int count, Func<int, Task> invoke)
{
    var next = -1;
    var cpu = Process.GetCurrentProcess().TotalProcessorTime;
    var clock = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, InFlight).Select(_ => Task.Run(async () =>
    {
        for (var i = Interlocked.Increment(ref next); i < count; i = Interlocked.Increment(ref next))
        {
            await invoke(i);
        }
    })));
    return (Process.GetCurrentProcess().TotalProcessorTime - cpu, clock.Elapsed);
}

await using (var baseline = new DirectBaseline(bus, producer, Invokers))
{
    baseline.Start();
    Task Straight(int i) => baseline.InvokeAsync(Message(Action(i), DirectBaseline.ControllerId));
    var trackers = new ActivationTrackerFactory(new InMemoryActivationStore(), loggerFactory: NullLoggerFactory.Instance);
    await using var balancer = new ShardingLoadBalancer(bus, trackers, Options.Create(new KafkaLoadBalancerOptions { ControllerInstanceId = "0" }), TimeProvider.System, NullLoggerFactory.Instance);
    await balancer.StartAsync(CancellationToken.None);
    var ready = Stopwatch.StartNew();
    while ((await balancer.GetInvokerHealthAsync(CancellationToken.None)).Count(h => h.State == InvokerState.Healthy) < Invokers)
    {
        if (ready.Elapsed > TimeSpan.FromMinutes(1))
        {
            throw new InvalidOperationException("the simulated invokers did not all become healthy within a minute");
        }

        await Task.Delay(100);
    }

    async Task ThroughBalancerAsync(int i)
    {
        var action = Action(i);
        var publication = await balancer.PublishAsync(action, Message(action, "0"), CancellationToken.None);
        await publication.Completion;
    }

    // Both warmed up, then three rounds of each, alternating; the medians count.
    await DriveAsync(activations / 5, Straight);
    await DriveAsync(activations / 5, ThroughBalancerAsync);
    var baseRounds = new List<(TimeSpan Cpu, TimeSpan Wall)>();
    var balancerRounds = new List<(TimeSpan Cpu, TimeSpan Wall)>();
    var before = invokers.Select(i => i.Handled).ToList();
    var counts = before.Select(_ => 0L).ToList();
    for (var round = 0; round < 3; round++)
    {
        baseRounds.Add(await DriveAsync(activations, Straight));
        before = invokers.Select(i => i.Handled).ToList();
        balancerRounds.Add(await DriveAsync(activations, ThroughBalancerAsync));
        counts = invokers.Select((i, k) => counts[k] + i.Handled - before[k]).ToList();
    }

    await balancer.StopAsync(CancellationToken.None);
    var (baseCpu, baseWall) = baseRounds.OrderBy(r => r.Cpu).ElementAt(1);
    var (cpu, wall) = balancerRounds.OrderBy(r => r.Cpu).ElementAt(1);
    Console.WriteLine("CPU per activation, rounds straight: " + string.Join(", ", baseRounds.Select(r => (r.Cpu.TotalMicroseconds / activations).ToString("F1", CultureInfo.InvariantCulture)))
        + "; through the balancer: " + string.Join(", ", balancerRounds.Select(r => (r.Cpu.TotalMicroseconds / activations).ToString("F1", CultureInfo.InvariantCulture))));

    // Actions of managed kinds go to the managed invokers only (the first 90 %, as in OpenWhisk); the others keep
    // room for blackbox actions.
    var managed = counts.Take((int)Math.Ceiling(Invokers * new KafkaLoadBalancerOptions().ManagedFraction)).ToList();
    var mean = managed.Average();
    var maxDeviation = managed.Max(c => Math.Abs(c - mean)) / mean * 100;
    var usPerActivation = (cpu - baseCpu).TotalMicroseconds / activations;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"baseline (straight to the invokers): {baseCpu.TotalMicroseconds / activations:F1} us CPU and {baseWall.TotalMicroseconds / activations:F1} us wall per activation"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sharding balancer:                  {cpu.TotalMicroseconds / activations:F1} us CPU and {wall.TotalMicroseconds / activations:F1} us wall per activation"));
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"scale-sharding-100: {usPerActivation:F1} us CPU per activation in the balancer (target <= 20); activations per managed invoker ({managed.Count}) {managed.Min()}..{managed.Max()}, mean {mean:F0}, max deviation {maxDeviation:F1} % (target <= 10); blackbox invokers {counts.Skip(managed.Count).Sum()}"));
    if (jsonFile is not null)
    {
        await File.WriteAllTextAsync(jsonFile, JsonSerializer.Serialize(new { usPerActivation, maxDeviationPct = maxDeviation, activations, invokers = Invokers }));
    }
}

await stop.CancelAsync();
await Task.WhenAll(running);
return 0;
