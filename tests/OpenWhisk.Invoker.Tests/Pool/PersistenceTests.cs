using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Common.Execution;
using OpenWhisk.Common.Logs;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Containers;
using static OpenWhisk.Invoker.Tests.Support.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>Records are stored in the background: the container is free before the store answers, and none is lost.</summary>
[TestFixture]
public sealed class PersistenceTests
{
    [Test]
    public async Task Frees_the_container_before_the_record_is_stored_and_completes_only_after_storing()
    {
        var reporter = new GatedReporter();
        var runner = new ActivationRunner(new ActivationLogStore(TimeProvider.System), reporter, new ActivationRunnerOptions(), TimeProvider.System, NullLogger<ActivationRunner>.Instance);
        var factory = new SimulatedContainerFactory(
            Microsoft.Extensions.Options.Options.Create(new SimulationOptions { CreateLatency = TimeSpan.Zero, RecordEvents = false }), TimeProvider.System);
        var job = Job(Action("stored"));
        var container = await factory.CreateContainerAsync(new ContainerRequest { Name = "wsk0_1_stored", Owner = "wsk0", Image = "action-nodejs-v20", MemoryMb = 256 }, CancellationToken.None);

        var result = await runner.RunAsync(job, container, initialize: true, reusedWarm: false, null, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var drainBeforeStore = runner.DrainAsync(CancellationToken.None);
        await Task.Delay(100);
        var drainedEarly = drainBeforeStore.IsCompleted;
        var eventsBeforeStore = reporter.Events;
        reporter.Open();
        await drainBeforeStore.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(result.Verdict, Is.EqualTo(ContainerVerdict.Keep));
            Assert.That(eventsBeforeStore, Is.EqualTo(new[] { "result" }), "the blocking result went out; nothing else while the store is held");
            Assert.That(drainedEarly, Is.False, "draining waits for the record");
            Assert.That(reporter.Events, Is.EqualTo(new[] { "result", "store", "completion" }));
        });
    }
}
