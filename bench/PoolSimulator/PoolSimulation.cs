using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Scheduling;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Plugins.Simulation.VirtualTime;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Scheduling;
using OpenWhisk.Spi.Toolkit.Scheduling;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Bench.PoolSimulator;

/// <summary>
/// Replays invocations against the real <see cref="ContainerPool"/> on virtual time. Like the invoker's message
/// feed, it hands at most <c>maxPeek</c> activations to the pool at once; the rest wait "on the bus".
/// </summary>
internal sealed class PoolSimulation(SimulatorSettings settings, RuntimesManifest manifest)
{
    private static readonly DateTimeOffset Origin = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public SimulationResult Run(IReadOnlyList<Invocation> invocations, string policyName = OpenWhiskSchedulingPolicy.Name)
    {
        var wall = Stopwatch.StartNew();
        var scheduler = new VirtualTimeScheduler(Origin);
        return scheduler.Run(async () =>
        {
            var time = scheduler.Time;
            var factory = new SimulatedContainerFactory(
                Options.Create(new SimulationOptions { CreateLatency = settings.CreateLatency, RecordEvents = false }), time);
            var reporter = new WaitTimeReporter(invocations.Count);
            var runner = new ActivationRunner(new ActivationLogStore(time), reporter, new ActivationRunnerOptions(), time, NullLogger<ActivationRunner>.Instance);
            var poolOptions = new ContainerPoolOptions
            {
                UserMemoryMb = settings.UserMemoryMb,
                PauseGrace = settings.PauseGrace,
                IdleTimeout = settings.IdleTimeout,
            };
            var deps = new ContainerProxyDependencies(factory, runner, reporter, poolOptions, time, NullLogger.Instance);
            var policy = new TimedSchedulingPolicy(CreatePolicy(policyName, new SchedulingPolicyContext("wsk0", poolOptions.PauseGrace, poolOptions.IdleTimeout)));
            var maxPeek = settings.MaxPeek ?? Math.Max(1, settings.UserMemoryMb / 128);
            var waiting = new Queue<ActivationJob>();
            var outstanding = 0;
            ContainerPool? pool = null;
            pool = new ContainerPool("wsk0", manifest, poolOptions, deps, _ =>
            {
                outstanding--;
                if (waiting.TryDequeue(out var next))
                {
                    outstanding++;
                    pool!.Run(next);
                }
            }, memoryBudget: null, policy);
            pool.Start();

            var jobs = new JobFactory();
            foreach (var invocation in invocations)
            {
                var due = Origin.AddMilliseconds(invocation.TimestampMs);
                var now = time.GetUtcNow();
                if (due > now)
                {
                    await Task.Delay(due - now, time);
                }

                var job = jobs.Create(invocation, time.GetUtcNow());
                if (outstanding < maxPeek)
                {
                    outstanding++;
                    pool.Run(job);
                }
                else
                {
                    waiting.Enqueue(job);
                }
            }

            await reporter.AllStored;
            var snapshot = await pool.GetSnapshotAsync();
            var virtualSeconds = time.Elapsed.TotalSeconds;
            await pool.ShutdownAsync();
            return SimulationResult.From(policyName, invocations.Count, pool.Counters, reporter, snapshot, policy, virtualSeconds, wall.Elapsed.TotalSeconds);
        });
    }

    /// <summary>A built-in policy by name, with its default settings.</summary>
    public static ISchedulingPolicy CreatePolicy(string name, SchedulingPolicyContext context) => name switch
    {
        OpenWhiskSchedulingPolicy.Name => new OpenWhiskSchedulingPolicy(context),
        AdaptiveSchedulingPolicy.Name => new AdaptiveSchedulingPolicy(context, new AdaptivePolicyOptions()),
        _ => throw new ArgumentException($"Unknown policy '{name}'; use {OpenWhiskSchedulingPolicy.Name} or {AdaptiveSchedulingPolicy.Name}."),
    };

    /// <summary>Makes pool jobs from invocations; one action document per (namespace, action).</summary>
    private sealed class JobFactory
    {
        private readonly Dictionary<(string, string), WhiskAction> actions = [];
        private readonly Dictionary<string, Identity> identities = [];
        private long counter;

        public ActivationJob Create(Invocation invocation, DateTimeOffset now)
        {
            if (!actions.TryGetValue((invocation.Namespace, invocation.Action), out var action))
            {
                action = new WhiskAction
                {
                    Namespace = invocation.Namespace,
                    Name = invocation.Action,
                    Exec = new ActionExec { Kind = invocation.Kind, Code = "simulated" },
                    Limits = new ActionLimits { MemoryMb = invocation.MemoryMb, TimeoutMs = 300_000 },
                    Updated = 1,
                };
                actions[(invocation.Namespace, invocation.Action)] = action;
            }

            if (!identities.TryGetValue(invocation.Namespace, out var identity))
            {
                identity = new Identity
                {
                    Subject = invocation.Namespace,
                    Namespace = new NamespaceInfo(invocation.Namespace, Guid.NewGuid().ToString()),
                    AuthKey = new AuthKey("uuid:key"),
                };
                identities[invocation.Namespace] = identity;
            }

            var id = (++counter).ToString("x32", CultureInfo.InvariantCulture);
            var content = JsonSerializer.SerializeToElement(new { simulate = new { durationMs = invocation.DurationMs } });
            var message = new ActivationMessage
            {
                TransactionId = new TransactionId(id, now.ToUnixTimeMilliseconds()),
                Action = ActionReference.For(action),
                Revision = "1",
                User = identity,
                ActivationId = id,
                RootControllerIndex = new ControllerInstanceId("0"),
                Blocking = false,
                Content = content,
            };
            return new ActivationJob(action, message);
        }
    }
}
