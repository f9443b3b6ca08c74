using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Execution;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Plugins.Simulation;
using OpenWhisk.Spi.Containers;
using static OpenWhisk.TestSupport.Jobs;
using OpenWhisk.Plugins.LogStores;

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

        var result = await runner.RunAsync(job, container, initialize: true, reusedWarm: false, null, null, null, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
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

    [Test]
    public async Task Frees_the_container_before_the_blocking_result_is_delivered_and_stores_the_record_only_after_it()
    {
        var reporter = new GatedReporter { HoldsResults = true };
        var runner = new ActivationRunner(new ActivationLogStore(TimeProvider.System), reporter, new ActivationRunnerOptions(), TimeProvider.System, NullLogger<ActivationRunner>.Instance);
        var factory = new SimulatedContainerFactory(
            Microsoft.Extensions.Options.Options.Create(new SimulationOptions { CreateLatency = TimeSpan.Zero, RunLatency = TimeSpan.Zero, RecordEvents = false }), TimeProvider.System);
        var action = Action("acknowledged");
        var (first, second) = (Job(action), Job(action));
        var container = await factory.CreateContainerAsync(new ContainerRequest { Name = "wsk0_1_acknowledged", Owner = "wsk0", Image = "action-nodejs-v20", MemoryMb = 256 }, CancellationToken.None);

        // As the pool runs them: logs in the background. Neither run may wait for its result's delivery.
        var runs = Task.Run(async () =>
        {
            await runner.RunAsync(first, container, initialize: true, reusedWarm: false, null, null, () => { }, CancellationToken.None);
            return await runner.RunAsync(second, container, initialize: false, reusedWarm: true, null, null, () => { }, CancellationToken.None);
        });
        var ranBeforeDelivery = await Task.WhenAny(runs, Task.Delay(TimeSpan.FromSeconds(5))) == runs;
        var eventsBeforeDelivery = reporter.Events;
        reporter.Open();
        await runs.WaitAsync(TimeSpan.FromSeconds(10));
        await runner.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(ranBeforeDelivery, Is.True, "both activations ran while the first result's delivery was pending");
            Assert.That(eventsBeforeDelivery, Is.Empty, "nothing stored or completed before the result went out");
            Assert.That(reporter.EventsOf(first.Message.ActivationId), Is.EqualTo(new[] { "result", "store", "completion" }));
            Assert.That(reporter.EventsOf(second.Message.ActivationId), Is.EqualTo(new[] { "result", "store", "completion" }));
        });
    }

    [Test]
    public async Task A_container_runs_its_next_activation_before_the_previous_logs_are_collected_and_each_record_gets_its_own_logs()
    {
        var logs = new GatedLogStore(new ActivationLogStore(TimeProvider.System));
        var reporter = new RecordingReporter();
        var runner = new ActivationRunner(logs, reporter, new ActivationRunnerOptions(), TimeProvider.System, NullLogger<ActivationRunner>.Instance);
        var factory = new SimulatedContainerFactory(
            Microsoft.Extensions.Options.Options.Create(new SimulationOptions { CreateLatency = TimeSpan.Zero, RunLatency = TimeSpan.Zero }), TimeProvider.System);
        var action = Action("chatty");
        var first = Job(action, simulate: new { logs = new[] { "first" } });
        var second = Job(action, simulate: new { logs = new[] { "second" } });
        var container = await factory.CreateContainerAsync(new ContainerRequest { Name = "wsk0_1_chatty", Owner = "wsk0", Image = "action-nodejs-v20", MemoryMb = 256 }, CancellationToken.None);
        var logsFailed = 0;

        var firstResult = await runner.RunAsync(first, container, initialize: true, reusedWarm: false, null, null, () => logsFailed++, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var secondResult = await runner.RunAsync(second, container, initialize: false, reusedWarm: true, null, null, () => logsFailed++, CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        var collectedEarly = runner.LogsCollectedAsync(container).IsCompleted;
        logs.Open();
        await runner.LogsCollectedAsync(container).WaitAsync(TimeSpan.FromSeconds(10));
        var firstRecord = await reporter.RecordOf(first.Message.ActivationId).WaitAsync(TimeSpan.FromSeconds(10));
        var secondRecord = await reporter.RecordOf(second.Message.ActivationId).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Multiple(() =>
        {
            Assert.That(firstResult.Verdict, Is.EqualTo(ContainerVerdict.Keep));
            Assert.That(secondResult.Verdict, Is.EqualTo(ContainerVerdict.Keep));
            Assert.That(collectedEarly, Is.False, "the logs were still held when the second activation had run");
            Assert.That(logs.Collected, Is.EqualTo(new[] { first.Message.ActivationId, second.Message.ActivationId }), "collected in the order the activations ran");
            Assert.That(firstRecord.Logs.Single(), Does.EndWith("stdout: first"));
            Assert.That(secondRecord.Logs.Single(), Does.EndWith("stdout: second"));
            Assert.That(reporter.EventsOf(first.Message.ActivationId), Is.EqualTo(new[] { "result", "store", "completion" }));
            Assert.That(logsFailed, Is.Zero);
        });
    }
}
