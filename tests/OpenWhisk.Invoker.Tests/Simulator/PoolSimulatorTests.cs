using OpenWhisk.Bench.PoolSimulator;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Invoker.Tests.Support;

namespace OpenWhisk.Invoker.Tests.Simulator;

[TestFixture]
public sealed class PoolSimulatorTests
{
    private static readonly RuntimesManifest Manifest = RuntimesManifest.Load(RepositoryPaths.RuntimesManifest);

    [TestCase("zipf")]
    [TestCase("uniform")]
    [TestCase("bursty")]
    public void Every_invocation_is_placed_exactly_once(string workload)
    {
        var settings = new SimulatorSettings { Workload = workload, Invocations = 3000, Actions = 20, Rate = 5 };

        var result = new PoolSimulation(settings, Manifest).Run(Workloads.Create(settings));

        Assert.Multiple(() =>
        {
            Assert.That(result.ColdStarts + result.PrewarmStarts + result.WarmStarts, Is.EqualTo(3000));
            Assert.That(result.FailedActivations, Is.Zero);
            Assert.That(result.WarmStarts, Is.GreaterThan(0));
            Assert.That(result.MemoryMbSeconds, Is.GreaterThan(0));
            Assert.That(result.P99WaitMs, Is.GreaterThanOrEqualTo((long)result.MeanWaitMs));
        });
    }

    [Test]
    public void Replays_a_trace_with_warm_reuse_inside_the_pause_grace()
    {
        var trace = Path.Combine(Path.GetTempPath(), "trace-" + Guid.NewGuid().ToString("N") + ".csv");
        File.WriteAllLines(trace,
        [
            "timestamp_ms,namespace,action,kind,memory_mb,duration_ms",
            "1000,guest,a,nodejs:20,256,100",
            "2000,guest,a,nodejs:20,256,100",
            "3000,guest,b,python:3,512,100",
            "31000,guest,a,nodejs:20,256,100",
        ]);
        var settings = new SimulatorSettings { TracePath = trace };

        var result = new PoolSimulation(settings, Manifest).Run(Workloads.Create(settings));
        File.Delete(trace);

        Assert.Multiple(() =>
        {
            Assert.That(result.Invocations, Is.EqualTo(4));
            Assert.That(result.PrewarmStarts, Is.EqualTo(1), "the first nodejs:20 activation takes a stem cell started at time 0");
            Assert.That(result.ColdStarts, Is.EqualTo(1), "python with 512 MB matches no stem cell");
            Assert.That(result.WarmStarts, Is.EqualTo(2), "within the grace, and resumed after a pause");
        });
    }

    [Test]
    public void Rejects_an_unknown_option()
    {
        Assert.That(() => SimulatorSettings.Parse(["--speed", "9"]), Throws.ArgumentException.With.Message.Contains("--speed"));
    }

    [Test]
    public void Replays_one_workload_under_each_policy_and_the_adaptive_one_cold_starts_less()
    {
        var settings = SimulatorSettings.Parse(["--compare", "openwhisk,adaptive", "--actions", "30", "--hours", "4", "--user-memory", "32768"]);
        var invocations = Workloads.Create(settings);

        var results = settings.Policies.Select(policy => new PoolSimulation(settings, Manifest).Run(invocations, policy)).ToList();

        Assert.Multiple(() =>
        {
            Assert.That(settings.Workload, Is.EqualTo("periodic-bursty"), "the default workload of --compare");
            Assert.That(results.Select(r => r.Policy), Is.EqualTo(new[] { "openwhisk", "adaptive" }));
            Assert.That(results.Select(r => r.ColdStarts + r.PrewarmStarts + r.WarmStarts), Is.All.EqualTo(invocations.Count));
            Assert.That(results.Select(r => r.FailedActivations), Is.All.Zero);
            Assert.That(results[1].ColdStarts, Is.LessThan(results[0].ColdStarts));
            Assert.That(results[1].Preparations, Is.GreaterThan(0));
            Assert.That(results[1].ComparedTo(results[0]).ColdStartsVsFirst, Is.EqualTo(Math.Round((double)results[1].ColdStarts / results[0].ColdStarts, 3)));
            Assert.That(results.Select(r => r.MeanDecisionMicros), Is.All.GreaterThan(0));
        });
    }

    [Test]
    public void Reads_a_trace_in_the_shape_of_the_Azure_Functions_2019_trace()
    {
        var trace = Path.Combine(Path.GetTempPath(), "azure-" + Guid.NewGuid().ToString("N") + ".csv");
        AzureTrace.Generate(trace, functions: 12, seed: 3);
        var rows = File.ReadAllLines(trace);
        var expected = rows.Skip(1).Sum(row => row.Split(',').Skip(4).Sum(int.Parse));

        var invocations = Workloads.Create(new SimulatorSettings { TracePath = trace });
        File.Delete(trace);

        Assert.Multiple(() =>
        {
            Assert.That(rows[0], Does.StartWith("HashOwner,HashApp,HashFunction,Trigger,1,2,3,"));
            Assert.That(rows[0].Split(','), Has.Length.EqualTo(4 + 1440));
            Assert.That(rows, Has.Length.EqualTo(13));
            Assert.That(invocations, Has.Count.EqualTo(expected));
            Assert.That(invocations.Select(i => i.TimestampMs), Is.Ordered);
            Assert.That(invocations.Max(i => i.TimestampMs), Is.LessThan(24 * 3_600_000));
            Assert.That(invocations.Select(i => i.Action).Distinct().Count(), Is.LessThanOrEqualTo(12));
        });
    }

    [Test]
    public void The_sample_trace_that_ships_with_the_bench_is_in_the_azure_shape()
    {
        var sample = Path.Combine(RepositoryPaths.Root, "bench", "PoolSimulator", "traces", "azure-functions-2019-sample.csv");

        Assert.Multiple(() =>
        {
            Assert.That(AzureTrace.IsAzureFormat(sample), Is.True);
            Assert.That(Workloads.Create(new SimulatorSettings { TracePath = sample }), Has.Count.GreaterThan(10_000));
        });
    }

    [Test]
    public void Rejects_a_policy_it_does_not_know()
    {
        Assert.That(() => SimulatorSettings.Parse(["--policy", "magic"]), Throws.ArgumentException.With.Message.Contains("magic"));
    }

    [TestCase("--workload", "periodic-bursty")]
    [TestCase("--trace", "bench/PoolSimulator/traces/azure-functions-2019-sample.csv")]
    public void The_adaptive_policy_cold_starts_at_least_30_percent_less_in_no_more_memory(string option, string value)
    {
        var argument = option == "--trace" ? Path.Combine(RepositoryPaths.Root, value) : value;
        var settings = SimulatorSettings.Parse(["--compare", "openwhisk,adaptive", option, argument, "--user-memory", "32768"]);
        var invocations = Workloads.Create(settings);

        var openWhisk = new PoolSimulation(settings, Manifest).Run(invocations, "openwhisk");
        var adaptive = new PoolSimulation(settings, Manifest).Run(invocations, "adaptive").ComparedTo(openWhisk);

        Assert.Multiple(() =>
        {
            Assert.That(adaptive.ColdStartsVsFirst, Is.LessThanOrEqualTo(0.70), $"{adaptive.ColdStarts} against {openWhisk.ColdStarts}");
            Assert.That(adaptive.MemoryVsFirst, Is.LessThanOrEqualTo(1.0), $"{adaptive.MemoryMbSeconds} against {openWhisk.MemoryMbSeconds} MB·s");
        });
    }
}
