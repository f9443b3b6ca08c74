using System.Diagnostics;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>Sequences and conductor actions (compositions) on the real standalone with Docker.</summary>
[TestFixture]
[NonParallelizable]
public sealed class SequenceApiTests : StandaloneFixture
{
    private const string Key = "cdcdcdcd-bbbb-cccc-dddd-eeeeeeeeeeee:othersecret0123456789abcdef";
    private const string AddOne = "function main(p) { return { n: (p.n || 0) + 1, trail: (p.trail || '') + process.env.__OW_ACTION_NAME.split('/').pop() + ';' }; }";

    protected override string? OtherKey => Key;

    protected override async Task OnStartedAsync()
    {
        foreach (var name in new[] { "inc-a", "inc-b", "inc-c" })
        {
            await Guest.PutActionAsync(name, "nodejs:20", AddOne, new { limits = new { memory = 128 } });
        }
    }

    [Test]
    public async Task A_sequence_of_one_and_of_two_passes_each_result_on_and_records_the_components()
    {
        var one = await PutSequenceAsync("seq-one", "/_/inc-a");
        var two = await PutSequenceAsync("seq-two", "/guest/inc-a", "/_/inc-b");

        var ranOne = await Guest.InvokeAsync("seq-one", new { n = 10 }, result: true);
        var ranTwo = await Guest.InvokeAsync("seq-two", new { n = 1 });
        var record = ranTwo.Body;
        var components = record.GetProperty("logs").EnumerateArray().Select(id => id.GetString()!).ToList();
        var first = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + components[0]);
        var second = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + components[1]);
        var stored = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + record.GetProperty("activationId").GetString());

        Assert.Multiple(() =>
        {
            Assert.That(one.Status, Is.EqualTo(200));
            Assert.That(one.Body.GetProperty("exec").GetProperty("components").EnumerateArray().Select(c => c.GetString()), Is.EqualTo(new[] { "/guest/inc-a" }));
            Assert.That(one.Body.Annotation("_actions", "parameters")!.Value.GetArrayLength(), Is.EqualTo(1));
            Assert.That(one.Body.Annotation("exec")!.Value.GetString(), Is.EqualTo("sequence"));
            Assert.That(two.Status, Is.EqualTo(200));
            Assert.That(ranOne.Body.GetProperty("n").GetInt32(), Is.EqualTo(11));
            Assert.That(ranTwo.Status, Is.EqualTo(200));
            Assert.That(record.GetProperty("response").GetProperty("result").GetProperty("trail").GetString(), Is.EqualTo("inc-a;inc-b;"));
            Assert.That(record.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(3));
            Assert.That(components, Has.Count.EqualTo(2));
            Assert.That(record.Annotation("topmost")!.Value.GetBoolean(), Is.True);
            Assert.That(record.Annotation("kind")!.Value.GetString(), Is.EqualTo("sequence"));
            Assert.That(record.Annotation("path")!.Value.GetString(), Is.EqualTo("guest/seq-two"));
            Assert.That(record.GetProperty("duration").GetInt64(), Is.EqualTo(first.Body.GetProperty("duration").GetInt64() + second.Body.GetProperty("duration").GetInt64()), "a sequence's duration is its components'");
            Assert.That(first.Body.GetProperty("cause").GetString(), Is.EqualTo(record.GetProperty("activationId").GetString()));
            Assert.That(first.Body.Annotation("causedBy")!.Value.GetString(), Is.EqualTo("sequence"));
            Assert.That(stored.Status, Is.EqualTo(200), "the controller stores the sequence's record");
        });
    }

    [Test]
    public async Task A_sequence_of_fifty_runs_and_fifty_one_is_refused()
    {
        var fifty = Enumerable.Repeat("/_/inc-c", 50).ToArray();
        var created = await PutSequenceAsync("seq-fifty", fifty);
        var tooLong = await PutSequenceAsync("seq-51", [.. fifty, "/_/inc-c"]);
        var nestedTooLong = await PutSequenceAsync("seq-nested-51", "/_/seq-fifty", "/_/inc-c");

        var ran = await Guest.InvokeAsync("seq-fifty", new { n = 0 });

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(ran.Status, Is.EqualTo(200));
            Assert.That(ran.Body.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(50));
            Assert.That(ran.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(50));
            Assert.That(tooLong.Status, Is.EqualTo(400));
            Assert.That(tooLong.Body.Error(), Is.EqualTo("Too many actions in the sequence."));
            Assert.That(nestedTooLong.Status, Is.EqualTo(400), "nested sequences count through");
            Assert.That(nestedTooLong.Body.Error(), Is.EqualTo("Too many actions in the sequence."));
        });
    }

    [Test]
    public async Task Refuses_invalid_sequences_with_openwhisk_messages()
    {
        await PutSequenceAsync("seq-self-a", "/_/inc-a");
        var empty = await PutSequenceAsync("seq-empty");
        var missing = await PutSequenceAsync("seq-missing", "/_/no-such-action");
        var notQualified = await PutSequenceAsync("seq-bad-name", "inc-a");
        var cyclic = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/seq-self-a?overwrite=true", new { exec = new { kind = "sequence", components = new[] { "/_/seq-self-a" } } });
        await PutSequenceAsync("seq-outer", "/_/seq-self-a");
        var indirectCycle = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/seq-self-a?overwrite=true", new { exec = new { kind = "sequence", components = new[] { "/_/seq-outer" } } });
        var noComponents = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/seq-no-field", new { exec = new { kind = "sequence" } });

        Assert.Multiple(() =>
        {
            Assert.That(empty.Status, Is.EqualTo(400));
            Assert.That(empty.Body.Error(), Is.EqualTo("No component specified for the sequence."));
            Assert.That(missing.Status, Is.EqualTo(400));
            Assert.That(missing.Body.Error(), Is.EqualTo("Sequence component does not exist."));
            Assert.That(notQualified.Status, Is.EqualTo(400));
            Assert.That(notQualified.Body.Error(), Does.EndWith("The fully qualified name of the entity must contain at least the namespace and the name of the entity."));
            Assert.That(cyclic.Status, Is.EqualTo(400));
            Assert.That(cyclic.Body.Error(), Is.EqualTo("Sequence may not refer to itself."));
            Assert.That(indirectCycle.Status, Is.EqualTo(400));
            Assert.That(indirectCycle.Body.Error(), Is.EqualTo("Sequence may not refer to itself."));
            Assert.That(noComponents.Status, Is.EqualTo(400));
        });
    }

    [Test]
    public async Task Nested_sequences_run_through_with_inner_records_caused_by_the_outer()
    {
        await PutSequenceAsync("seq-inner", "/_/inc-a", "/_/inc-b");
        await PutSequenceAsync("seq-outer-2", "/_/inc-c", "/_/seq-inner", "/_/inc-c");

        var ran = await Guest.InvokeAsync("seq-outer-2", new { n = 0 });
        var outerId = ran.Body.GetProperty("activationId").GetString();
        var innerId = ran.Body.GetProperty("logs")[1].GetString()!;
        var inner = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + innerId);

        Assert.Multiple(() =>
        {
            Assert.That(ran.Body.GetProperty("response").GetProperty("result").GetProperty("trail").GetString(), Is.EqualTo("inc-c;inc-a;inc-b;inc-c;"));
            Assert.That(ran.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(3), "an inner sequence is one entry of the outer's logs");
            Assert.That(inner.Body.GetProperty("name").GetString(), Is.EqualTo("seq-inner"));
            Assert.That(inner.Body.GetProperty("cause").GetString(), Is.EqualTo(outerId));
            Assert.That(inner.Body.Annotation("topmost")!.Value.GetBoolean(), Is.False);
            Assert.That(inner.Body.Annotation("causedBy")!.Value.GetString(), Is.EqualTo("sequence"));
            Assert.That(inner.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_failing_middle_component_stops_the_sequence_with_its_error()
    {
        await Guest.PutActionAsync("fail-app", "nodejs:20", "function main(p) { return { error: 'stop at ' + p.n }; }", new { limits = new { memory = 128 } });
        await Guest.PutActionAsync("crash", "nodejs:20", "function main() { throw new Error('boom'); }", new { limits = new { memory = 128 } });
        await PutSequenceAsync("seq-app-error", "/_/inc-a", "/_/fail-app", "/_/inc-b");
        await PutSequenceAsync("seq-crash", "/_/inc-a", "/_/crash", "/_/inc-b");

        var appError = await Guest.InvokeAsync("seq-app-error", new { n = 1 });
        var crashed = await Guest.InvokeAsync("seq-crash", new { n = 1 });

        Assert.Multiple(() =>
        {
            Assert.That(appError.Status, Is.EqualTo(502));
            Assert.That(appError.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("application error"));
            Assert.That(appError.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("stop at 2"));
            Assert.That(appError.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(2), "the third component never ran");
            Assert.That(crashed.Status, Is.EqualTo(502));
            Assert.That(crashed.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
            Assert.That(crashed.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Non_blocking_and_timed_out_sequences_answer_202_and_their_record_arrives_later()
    {
        await Guest.PutActionAsync("sleepy", "nodejs:20", "function main(p) { return new Promise(r => setTimeout(() => r({ slept: true, n: p.n }), 1500)); }", new { limits = new { memory = 128 } });
        await PutSequenceAsync("seq-slow", "/_/inc-a", "/_/sleepy");

        var nonBlocking = await Guest.InvokeAsync("seq-slow", new { n = 1 }, blocking: false);
        var timedOut = await Guest.InvokePathAsync("_/actions/seq-slow", new { n = 2 }, extra: "&timeout=300");
        var later = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + timedOut.Body.GetProperty("activationId").GetString());
        var first = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations/" + nonBlocking.Body.GetProperty("activationId").GetString() + "/result");

        Assert.Multiple(() =>
        {
            Assert.That(nonBlocking.Status, Is.EqualTo(202));
            Assert.That(timedOut.Status, Is.EqualTo(202), "a blocking call that outlives its wait gets the id");
            Assert.That(later.Status, Is.EqualTo(200), "a GET waits for a sequence still running");
            Assert.That(later.Body.GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(3));
            Assert.That(first.Body.GetProperty("result").GetProperty("slept").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Components_may_live_in_packages_bindings_and_other_namespaces_shared_packages()
    {
        await Other.PutPackageAsync("seq-shared", new { publish = true, parameters = Pairs(("trail", "shared:")) });
        await Other.PutActionAsync("seq-shared/inc", "nodejs:20", AddOne, new { limits = new { memory = 128 } });
        await Other.PutPackageAsync("seq-private");
        await Other.PutActionAsync("seq-private/inc", "nodejs:20", AddOne);
        await Guest.PutPackageAsync("seq-bound", new { binding = new { @namespace = "other", name = "seq-shared" }, parameters = Pairs(("n", 100)) });

        var created = await PutSequenceAsync("seq-mixed", "/other/seq-shared/inc", "/_/seq-bound/inc");
        var refused = await PutSequenceAsync("seq-private-use", "/other/seq-private/inc");
        var ran = await Guest.InvokeAsync("seq-mixed", new { n = 1 }, result: true);

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(refused.Status, Is.EqualTo(403));
            Assert.That(ran.Status, Is.EqualTo(200));
            Assert.That(ran.Body.GetProperty("n").GetInt32(), Is.EqualTo(3), "each component's input is its predecessor's result, over its parameters");
        });
    }

    [Test]
    public async Task A_composition_with_a_branch_and_a_loop_runs_its_components_and_keeps_its_state()
    {
        const string conductor = """
            function main(p) {
              const s = p.$step || 0;
              if (s === 0) return { action: p.n % 2 === 0 ? 'inc-a' : '/_/inc-b', params: { n: p.n, trail: '' }, state: { $step: 1 } };
              if (p.n < 5) return { action: 'inc-c', params: { n: p.n, trail: p.trail }, state: { $step: 1 } };
              return { params: { n: p.n, trail: p.trail } };
            }
            """;
        await Guest.PutActionAsync("conductor", "nodejs:20", conductor, new { annotations = Pairs(("conductor", true)), limits = new { memory = 128 } });
        await Guest.PutActionAsync("conductor-bad", "nodejs:20", "function main(p) { return p.error ? { params: p } : { action: 'no-such-component', params: {} }; }", new { annotations = Pairs(("conductor", new { composition = "an object is truthy" })), limits = new { memory = 128 } });
        await Guest.PutActionAsync("conductor-endless", "nodejs:20", "function main(p) { return { action: 'no-such-component', params: {} }; }", new { annotations = Pairs(("conductor", true)), limits = new { memory = 128 } });

        var even = await Guest.InvokeAsync("conductor", new { n = 2 });
        var odd = await Guest.InvokeAsync("conductor", new { n = 3 }, result: true);
        var missingComponent = await Guest.InvokeAsync("conductor-bad", new { }, result: true);
        var endless = await Guest.InvokeAsync("conductor-endless", new { });

        Assert.Multiple(() =>
        {
            Assert.That(even.Status, Is.EqualTo(200));
            var result = even.Body.GetProperty("response").GetProperty("result");
            Assert.That(result.GetProperty("n").GetInt32(), Is.EqualTo(5));
            Assert.That(result.GetProperty("trail").GetString(), Is.EqualTo("inc-a;inc-c;inc-c;"));
            Assert.That(even.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(7), "conductor, then component and conductor three times");
            Assert.That(even.Body.Annotation("conductor")!.Value.GetBoolean(), Is.True);
            Assert.That(even.Body.Annotation("kind")!.Value.GetString(), Is.EqualTo("sequence"));
            Assert.That(odd.Body.GetProperty("trail").GetString(), Is.EqualTo("inc-b;inc-c;"));
            Assert.That(missingComponent.Body.GetProperty("error").GetString(), Is.EqualTo("Failed to resolve action with name 'guest/no-such-component' during composition."));
            Assert.That(endless.Status, Is.EqualTo(502));
            Assert.That(endless.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("Too many actions in the composition."));
            Assert.That(endless.Body.GetProperty("logs").GetArrayLength(), Is.EqualTo(101), "at most 2n + 1 conductor runs");
        });
    }

    [Test]
    public async Task Only_the_topmost_invocation_counts_against_the_invocation_throttle()
    {
        var clock = Stopwatch.StartNew();
        await PutSequenceAsync("seq-throttle", "/_/inc-a", "/_/inc-b", "/_/inc-c");

        var ran = await Guest.InvokeAsync("seq-throttle", new { n = 0 }, result: true);

        Assert.That(ran.Body.GetProperty("n").GetInt32(), Is.EqualTo(3), $"took {clock.ElapsedMilliseconds} ms");
    }

    private Task<(int Status, JsonElement Body)> PutSequenceAsync(string name, params string[] components) =>
        Guest.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/actions/{name}", new { exec = new { kind = "sequence", components } });
}
