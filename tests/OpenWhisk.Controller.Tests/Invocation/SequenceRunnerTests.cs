using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Tests.Invocation;

/// <summary>Sequences run by the controller, over a scripted balancer and a fake clock.</summary>
[TestFixture]
public sealed class SequenceRunnerTests
{
    private DispatcherHarness harness = null!;

    [SetUp]
    public async Task CreateHarness()
    {
        harness = new DispatcherHarness(sequenceMaxLength: 5);
        await harness.AddActionAsync("inc");
        await harness.AddActionAsync("fail");
        await harness.AddActionAsync("hang", timeoutMs: 1000);
        harness.Balancer.Script("inc", args => new { n = args.GetProperty("n").GetInt32() + 1 });
        harness.Balancer.Script("fail", args => new { error = "failed at " + args.GetProperty("n").GetInt32() });
        harness.Balancer.Script("hang", _ => null);
    }

    [TearDown]
    public void DisposeHarness()
    {
        harness.Balancer.ReleaseAll();
        harness.Dispose();
    }

    [Test]
    public async Task Passes_each_result_to_the_next_component_and_records_ids_durations_and_causes()
    {
        await harness.AddSequenceAsync("three", "/guest/inc", "/_/inc", "/guest/inc");

        var result = await harness.InvokeAsync("three", new { n = 0 });
        var record = result.Record!;
        var stored = await harness.StoredAsync(result.ActivationId);
        var messages = harness.Balancer.Published.ToList();

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.Result!.Value.GetProperty("n").GetInt32(), Is.EqualTo(3));
            Assert.That(record.Logs, Is.EqualTo(messages.Select(m => m.ActivationId)));
            Assert.That(record.Duration, Is.EqualTo(21), "the sum of the components' durations");
            Assert.That(messages.Select(m => m.Cause), Is.All.EqualTo(result.ActivationId));
            Assert.That(messages.Select(m => m.Blocking), Is.All.True);
            Assert.That(stored.ActivationId, Is.EqualTo(result.ActivationId));
            Assert.That(Annotation(record, "topmost").GetBoolean(), Is.True);
            Assert.That(Annotation(record, "limits").GetProperty("memory").GetInt32(), Is.EqualTo(128));
        });
    }

    [Test]
    public async Task Stops_at_the_first_result_with_an_error_field()
    {
        await harness.AddSequenceAsync("stops", "/_/inc", "/_/fail", "/_/inc");

        var record = (await harness.InvokeAsync("stops", new { n = 0 })).Record!;

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(record.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("failed at 1"));
            Assert.That(record.Logs, Has.Count.EqualTo(2));
            Assert.That(harness.Balancer.Published, Has.Count.EqualTo(2));
        });
    }

    [Test]
    public async Task A_component_deleted_after_the_sequence_was_made_ends_it_with_an_application_error()
    {
        await harness.AddSequenceAsync("dangling", "/_/inc", "/_/gone");

        var record = (await harness.InvokeAsync("dangling", new { n = 0 })).Record!;

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(record.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("Sequence component does not exist."));
            Assert.That(record.Logs, Has.Count.EqualTo(1));
        });
    }

    [Test]
    public async Task Counts_primitive_actions_through_nested_sequences_and_stops_at_the_limit()
    {
        await harness.AddSequenceAsync("inner", "/_/inc", "/_/inc", "/_/inc");
        await harness.AddSequenceAsync("outer", "/_/inner", "/_/inner");

        var record = (await harness.InvokeAsync("outer", new { n = 0 })).Record!;

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("Too many actions in the sequence."));
            Assert.That(harness.Balancer.Published, Has.Count.EqualTo(5), "the limit is 5 primitive actions in all");
        });
    }

    [Test]
    public async Task A_component_that_outlives_its_time_limit_plus_a_minute_ends_the_sequence_with_a_whisk_error()
    {
        await harness.AddSequenceAsync("stuck", "/_/inc", "/_/hang");

        var invocation = harness.InvokeAsync("stuck", new { n = 0 }, blocking: false);
        var id = (await invocation).ActivationId;
        await WaitUntilAsync(() => harness.Balancer.Published.Count == 2);
        var record = await harness.AdvanceUntilStoredAsync(id, TimeSpan.FromSeconds(62));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            var hung = harness.Balancer.Published.Last().ActivationId;
            Assert.That(record.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo($"Timeout reached when retrieving activation {hung} for sequence component."));
            Assert.That(record.Logs, Is.EqualTo(harness.Balancer.Published.Select(m => m.ActivationId)));
        });
    }

    [Test]
    public async Task A_blocking_caller_gets_the_id_after_its_wait_and_the_record_is_stored_when_the_sequence_ends()
    {
        await harness.AddSequenceAsync("slow", "/_/hang");

        var waiting = harness.InvokeAsync("slow", new { n = 0 }, wait: TimeSpan.FromSeconds(5));
        await WaitUntilAsync(() => harness.Balancer.Published.Count == 1);
        harness.Time.Advance(TimeSpan.FromSeconds(6));
        var answer = await waiting;
        harness.Time.Advance(TimeSpan.FromSeconds(60));
        var record = await harness.StoredAsync(answer.ActivationId);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Record, Is.Null, "202 with the id");
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
        });
    }

    [Test]
    public async Task At_shutdown_a_running_sequence_ends_with_a_stored_whisk_error_record()
    {
        await harness.AddSequenceAsync("interrupted", "/_/inc", "/_/hang");
        var id = (await harness.InvokeAsync("interrupted", new { n = 0 }, blocking: false)).ActivationId;
        await WaitUntilAsync(() => harness.Balancer.Published.Count == 2);

        var draining = harness.Dispatcher.DrainAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(11));
        await draining;
        var record = await harness.StoredAsync(id);

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(record.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("Sequence failed."));
        });
    }

    private static JsonElement Annotation(ActivationRecord record, string key) => record.Annotations.Single(a => a.Key == key).Value;

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 500 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        Assert.That(condition(), Is.True, "the condition did not hold in time");
    }
}
