using OpenWhisk.Controller.Tests.Support;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Tests.Invocation;

/// <summary>Compositions (conductor actions) run by the controller, over a scripted balancer.</summary>
[TestFixture]
public sealed class CompositionRunnerTests
{
    private DispatcherHarness harness = null!;

    [SetUp]
    public async Task CreateHarness()
    {
        harness = new DispatcherHarness(sequenceMaxLength: 3);
        await harness.AddActionAsync("double");
        harness.Balancer.Script("double", args => new { n = args.GetProperty("n").GetInt32() * 2 });
    }

    [TearDown]
    public void DisposeHarness() => harness.Dispose();

    [Test]
    public async Task Runs_the_named_component_and_gives_the_conductor_its_result_with_the_kept_state()
    {
        await harness.AddActionAsync("conductor", annotations: KeyValue.Of("conductor", true));
        var inputs = new List<string>();
        harness.Balancer.Script("conductor", args =>
        {
            inputs.Add(args.GetRawText());
            var n = args.GetProperty("n").GetInt32();
            return n < 8 ? new { action = "double", @params = new { n }, state = new { seen = n } } : new { @params = (object)new { n, seen = args.GetProperty("seen").GetInt32() } };
        });

        var result = await harness.InvokeAsync("conductor", new { n = 1 });
        var record = result.Record!;

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.Result!.Value.GetProperty("n").GetInt32(), Is.EqualTo(8));
            Assert.That(record.Response.Result!.Value.GetProperty("seen").GetInt32(), Is.EqualTo(4), "the state of the last conductor run came back with the result");
            Assert.That(inputs, Is.EqualTo(new[] { """{"n":1}""", """{"n":2,"seen":1}""", """{"n":4,"seen":2}""", """{"n":8,"seen":4}""" }));
            Assert.That(record.Logs, Has.Count.EqualTo(7));
            Assert.That(record.Annotations.Single(a => a.Key == "conductor").Value.GetBoolean(), Is.True);
            Assert.That(harness.Balancer.Published.Select(m => m.Cause), Is.All.EqualTo(result.ActivationId));
        });
    }

    [Test]
    public async Task Boxes_params_and_state_that_are_not_objects()
    {
        await harness.AddActionAsync("boxing", annotations: KeyValue.Of("conductor", true));
        harness.Balancer.Script("boxing", args => args.TryGetProperty("state", out var state)
            ? new { @params = (object)new { got = args.GetProperty("value").GetInt32(), state = state.GetString() } }
            : new { action = "/_/echo", @params = (object)5, state = (object)"kept" });
        await harness.AddActionAsync("echo");

        var record = (await harness.InvokeAsync("boxing", new { })).Record!;

        Assert.That(record.Response.Result!.Value.GetRawText(), Is.EqualTo("""{"got":5,"state":"kept"}"""));
    }

    [Test]
    public async Task Tells_the_conductor_when_a_component_is_missing_forbidden_or_unparsable_and_stops_after_too_many_runs()
    {
        await harness.AddActionAsync("explorer", annotations: KeyValue.Of("conductor", true));
        var errors = new List<string>();
        harness.Balancer.Script("explorer", args =>
        {
            if (args.TryGetProperty("error", out var error))
            {
                errors.Add(error.GetString()!);
            }

            return errors.Count switch
            {
                0 => new { action = "missing" },
                1 => new { action = "/elsewhere/secret" },
                2 => new { action = (object)42 },
                _ => (object)new { action = "double", @params = new { n = 1 } },
            };
        });

        var record = (await harness.InvokeAsync("explorer", new { })).Record!;

        Assert.Multiple(() =>
        {
            Assert.That(errors, Is.EqualTo(new[]
            {
                "Failed to resolve action with name 'guest/missing' during composition.",
                "Failed entitlement check for action with name 'elsewhere/secret' during composition.",
                "Failed to parse action name from json value 42 during composition.",
            }));
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(record.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo("Too many actions in the composition."));
            Assert.That(harness.Balancer.Published.Count(m => m.Action.Name == "double"), Is.EqualTo(3), "at most n components");
            Assert.That(harness.Balancer.Published.Count(m => m.Action.Name == "explorer"), Is.EqualTo(7), "at most 2n + 1 conductor runs");
        });
    }
}
