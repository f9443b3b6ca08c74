using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using static OpenWhisk.TestSupport.Jobs;
using OpenWhisk.Plugins.LogStores;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>
/// On real threads: whoever hears of a result and invokes the same action again must find the warm container free,
/// however fast it reacts. The reporter here submits the next activation synchronously from the store call.
/// </summary>
[TestFixture]
public sealed class ResultOrderingTests
{
    [Test]
    public async Task An_activation_submitted_as_soon_as_the_previous_result_is_stored_reuses_its_warm_container()
    {
        const int chain = 40;
        var simulation = new SimulationOptions
        {
            CreateLatency = TimeSpan.FromMilliseconds(5),
            InitLatency = TimeSpan.Zero,
            RunLatency = TimeSpan.Zero,
            DestroyLatency = TimeSpan.Zero,
            RecordEvents = false,
        };
        var options = new ContainerPoolOptions { PauseGrace = TimeSpan.FromSeconds(30) };
        var factory = new SimulatedContainerFactory(Microsoft.Extensions.Options.Options.Create(simulation), TimeProvider.System);
        var reporter = new RecordingReporter();
        var runner = new ActivationRunner(new ActivationLogStore(TimeProvider.System), reporter, new ActivationRunnerOptions(), TimeProvider.System, NullLogger<ActivationRunner>.Instance);
        var deps = new ContainerProxyDependencies(factory, runner, reporter, options, TimeProvider.System, NullLogger.Instance);
        var pool = new ContainerPool("wsk0", RuntimesManifest.Parse(PoolHarness.DefaultManifest), options, deps, _ => { });
        pool.Start();

        var action = Action("chained");
        var jobs = Enumerable.Range(0, chain).Select(_ => Job(action)).ToList();
        var next = 1;
        reporter.OnStored = _ =>
        {
            if (next < chain)
            {
                pool.Run(jobs[next++]);
            }
        };
        pool.Run(jobs[0]);
        var last = await reporter.RecordOf(jobs[^1].Message.ActivationId).WaitAsync(TimeSpan.FromSeconds(30));
        await pool.ShutdownAsync().WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Multiple(() =>
        {
            Assert.That(last.Response.IsSuccess, Is.True);
            Assert.That(pool.Counters.ColdStarts, Is.EqualTo(1), "every later activation found the warm container free");
            Assert.That(pool.Counters.WarmStarts, Is.EqualTo(chain - 1));
        });
    }
}
