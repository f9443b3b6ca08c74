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
}
