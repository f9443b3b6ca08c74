using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>The real standalone platform (a separate process, Docker containers) driven over HTTP.</summary>
[TestFixture]
[NonParallelizable]
public sealed class StandaloneApiTests : StandaloneFixture
{
    private const string ThrottledKey = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee:throttledsecret0123456789";
    private const string Key = "ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee:othersecret0123456789abcdef";
    private const string Hello = "function main(p) { console.log('hello from ' + (p.name || 'nobody')); return { greeting: 'hello ' + (p.name || 'world') }; }";

    protected override string? OtherKey => Key;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Limits:ConcurrentInvocations"] = "100",
        ["Identities:1:Subject"] = "throttled",
        ["Identities:1:Key"] = ThrottledKey,
        ["Identities:1:InvocationsPerMinute"] = "2",
    };

    [Test]
    public async Task Creates_gets_updates_lists_and_deletes_an_action()
    {
        var created = await Guest.PutActionAsync("crud", "nodejs:default", Hello, new { parameters = new[] { new { key = "name", value = "default" } } });
        var duplicate = await Guest.PutActionAsync("crud", "nodejs:20", Hello);
        var updated = await Guest.PutActionAsync("crud", "nodejs:20", Hello, new { limits = new { memory = 128 } }, overwrite: true);
        var read = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/crud?code=false");
        var list = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions?limit=100");
        var count = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/guest/actions?count=true");
        var deleted = await Guest.SendJsonAsync(HttpMethod.Delete, "/api/v1/namespaces/_/actions/crud");
        var gone = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/crud");

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(created.Body.GetProperty("exec").GetProperty("kind").GetString(), Is.EqualTo("nodejs:20"), "nodejs:default resolves to the default kind");
            Assert.That(created.Body.GetProperty("version").GetString(), Is.EqualTo("0.0.1"));
            Assert.That(duplicate.Status, Is.EqualTo(409));
            Assert.That(duplicate.Body.Error(), Is.EqualTo("resource already exists"));
            Assert.That(updated.Body.GetProperty("version").GetString(), Is.EqualTo("0.0.2"));
            Assert.That(read.Body.GetProperty("limits").GetProperty("memory").GetInt32(), Is.EqualTo(128));
            Assert.That(read.Body.GetProperty("exec").TryGetProperty("code", out _), Is.False, "code=false leaves the code out");
            Assert.That(read.Body.GetProperty("parameters")[0].GetProperty("value").GetString(), Is.EqualTo("default"), "an update without parameters keeps them");
            Assert.That(list.Body.EnumerateArray().Select(a => a.GetProperty("name").GetString()), Does.Contain("crud"));
            Assert.That(count.Body.GetProperty("actions").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(deleted.Status, Is.EqualTo(200));
            Assert.That(gone.Status, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Invokes_nodejs_and_python_actions_blocking_and_non_blocking()
    {
        await Guest.PutActionAsync("node-hello", "nodejs:20", Hello);
        await Guest.PutActionAsync("py-hello", "python:3", "def main(args):\n    print('python says', args.get('name'))\n    return {'greeting': 'hello ' + args.get('name', 'world')}\n");

        var nodeResult = await Guest.InvokeAsync("node-hello", new { name = "node" }, result: true);
        var pythonFull = await Guest.InvokeAsync("py-hello", new { name = "python" });
        var accepted = await Guest.InvokeAsync("node-hello", new { name = "later" }, blocking: false);

        Assert.Multiple(() =>
        {
            Assert.That(nodeResult.Status, Is.EqualTo(200));
            Assert.That(nodeResult.Body.GetProperty("greeting").GetString(), Is.EqualTo("hello node"));
            Assert.That(pythonFull.Status, Is.EqualTo(200));
            Assert.That(pythonFull.Body.GetProperty("response").GetProperty("result").GetProperty("greeting").GetString(), Is.EqualTo("hello python"));
            Assert.That(pythonFull.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(pythonFull.Body.GetProperty("activationId").GetString(), Has.Length.EqualTo(32));
            Assert.That(accepted.Status, Is.EqualTo(202));
            Assert.That(accepted.Body.GetProperty("activationId").GetString(), Has.Length.EqualTo(32));
        });
    }

    [Test]
    public async Task Activations_in_flight_are_listed_and_counted_for_draining_until_they_complete()
    {
        await Guest.PutActionAsync("drain-me", "nodejs:20", "function main() { return new Promise(r => setTimeout(() => r({ done: true }), 3000)); }");
        var ids = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            ids.Add((await Guest.InvokeAsync("drain-me", blocking: false)).Body.GetProperty("activationId").GetString()!);
        }

        var during = await Anonymous.GetJsonAsync("/activation");
        var count = await Anonymous.GetJsonAsync("/activation/count");
        var onInvoker = await Anonymous.GetJsonAsync("/invokers/invoker0/activation/count");
        var onNoInvoker = await Anonymous.GetJsonAsync("/invokers/invoker9/activation/count");
        foreach (var id in ids)
        {
            await Guest.WaitForRecordAsync(id);
        }

        var after = await Anonymous.GetJsonAsync("/activation/count");
        for (var attempt = 0; attempt < 100 && after.Body.GetInt32() > 0; attempt++)
        {
            // The record is stored just before the completion reaches the controller.
            await Task.Delay(100);
            after = await Anonymous.GetJsonAsync("/activation/count");
        }

        Assert.Multiple(() =>
        {
            Assert.That(during.Status, Is.EqualTo(200));
            Assert.That(during.Body.EnumerateArray().Select(pair => pair[0].GetString()), Is.SupersetOf(ids));
            Assert.That(during.Body.EnumerateArray().Where(pair => ids.Contains(pair[0].GetString()!)).Select(pair => pair[1].GetString()), Has.All.EqualTo("guest/drain-me"));
            Assert.That(count.Body.GetInt32(), Is.GreaterThanOrEqualTo(2));
            Assert.That(onInvoker.Body.GetInt32(), Is.GreaterThanOrEqualTo(2));
            Assert.That(onNoInvoker.Body.GetInt32(), Is.Zero);
            Assert.That(after.Body.GetInt32(), Is.Zero, "drained: nothing left in flight");
        });
    }

    [Test]
    public async Task Lists_gets_and_reads_the_logs_and_result_of_activations()
    {
        await Guest.PutActionAsync("logger", "nodejs:20", Hello);
        var invoked = await Guest.InvokeAsync("logger", new { name = "logs" });
        var id = invoked.Body.GetProperty("activationId").GetString()!;

        var logs = await EventuallyAsync(async () =>
        {
            var response = await Guest.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/_/activations/{id}/logs");
            return response.Status == 200 && response.Body.GetProperty("logs").GetArrayLength() > 0 ? response.Body : (JsonElement?)null;
        });
        var record = await Guest.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/_/activations/{id}");
        var result = await Guest.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/_/activations/{id}/result");
        var list = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations?name=logger&limit=5");
        var docs = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations?name=logger&docs=true");
        var badId = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations/abc");

        Assert.Multiple(() =>
        {
            Assert.That(logs!.Value.GetProperty("logs")[0].GetString(), Does.EndWith("stdout: hello from logs"));
            Assert.That(record.Body.GetProperty("name").GetString(), Is.EqualTo("logger"));
            Assert.That(record.Body.GetProperty("annotations").EnumerateArray().Select(a => a.GetProperty("key").GetString()), Does.Contain("waitTime").And.Contain("path").And.Contain("kind"));
            Assert.That(result.Body.GetProperty("result").GetProperty("greeting").GetString(), Is.EqualTo("hello logs"));
            Assert.That(result.Body.GetProperty("success").GetBoolean(), Is.True);
            Assert.That(list.Body.EnumerateArray().Select(a => a.GetProperty("activationId").GetString()), Does.Contain(id));
            Assert.That(docs.Body[0].GetProperty("response").GetProperty("result").ValueKind, Is.EqualTo(JsonValueKind.Object));
            Assert.That(badId.Status, Is.EqualTo(400));
            Assert.That(badId.Body.Error(), Is.EqualTo("Activation id length is 3 but must be 32."));
        });
    }

    [Test]
    public async Task Runs_a_zipped_action()
    {
        var zip = Convert.ToBase64String(Zips.Of(("index.js", "exports.main = p => ({ zipped: true, n: p.n * 2 });")));
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/zipped", new { exec = new { kind = "nodejs:20", code = zip } });

        var invoked = await Guest.InvokeAsync("zipped", new { n = 21 }, result: true);
        var stored = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/zipped");

        Assert.Multiple(() =>
        {
            Assert.That(invoked.Body.GetProperty("n").GetInt32(), Is.EqualTo(42));
            Assert.That(stored.Body.GetProperty("exec").GetProperty("binary").GetBoolean(), Is.True, "base64 code is detected as binary");
        });
    }

    [Test]
    public async Task Maps_failed_activations_to_openwhisk_status_codes()
    {
        await Guest.PutActionAsync("app-error", "nodejs:20", "function main() { return { error: 'nope' }; }");
        await Guest.PutActionAsync("crasher", "nodejs:20", "function main() { process.exit(1); }");

        var applicationError = await Guest.InvokeAsync("app-error", result: true);
        var developerError = await Guest.InvokeAsync("crasher");

        Assert.Multiple(() =>
        {
            Assert.That(applicationError.Status, Is.EqualTo(502));
            Assert.That(applicationError.Body.Error(), Is.EqualTo("nope"));
            Assert.That(developerError.Status, Is.EqualTo(502));
            Assert.That(developerError.Body.GetProperty("response").GetProperty("status").GetString(), Is.EqualTo("action developer error"));
        });
    }

    [Test]
    public async Task Answers_errors_with_openwhisk_status_codes_and_messages()
    {
        await Guest.PutActionAsync("exists", "nodejs:20", Hello);
        using var badKey = Platform.Client("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:wrong");
        using var other = Platform.Client(Key);

        var unauthorized = await badKey.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions");
        var forbidden = await Other.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/guest/actions/exists");
        var notFound = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/actions/no-such-action?blocking=true");
        var badName = await Guest.PutActionAsync("bad%20name%20", "nodejs:20", Hello);
        var badLimits = await Guest.PutActionAsync("too-big", "nodejs:20", Hello, new { limits = new { memory = 4096 } });
        var badJson = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/broken-json", "{\"exec\": ");
        var badKind = await Guest.PutActionAsync("no-kind", "cobol:85", Hello);
        var tooLarge = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/actions/exists?blocking=true", new { blob = new string('x', 1_100_000) });

        Assert.Multiple(() =>
        {
            Assert.That(unauthorized.Status, Is.EqualTo(401));
            Assert.That(unauthorized.Body.Error(), Is.EqualTo("The supplied authentication is invalid"));
            Assert.That(unauthorized.Body.GetProperty("code").GetString(), Is.Not.Empty);
            Assert.That(forbidden.Status, Is.EqualTo(403));
            Assert.That(notFound.Status, Is.EqualTo(404));
            Assert.That(notFound.Body.Error(), Is.EqualTo("The requested resource does not exist."));
            Assert.That(badName.Status, Is.EqualTo(400));
            Assert.That(badName.Body.Error(), Is.EqualTo("The name of the entity contains illegal characters."));
            Assert.That(badLimits.Status, Is.EqualTo(400));
            Assert.That(badLimits.Body.Error(), Is.EqualTo("memory 4096 MB exceeds allowed threshold of 512 MB"));
            Assert.That(badJson.Status, Is.EqualTo(400));
            Assert.That(badJson.Body.Error(), Does.StartWith("The request content was malformed"));
            Assert.That(badKind.Status, Is.EqualTo(400));
            Assert.That(tooLarge.Status, Is.EqualTo(413));
            Assert.That(tooLarge.Body.Error(), Does.Match(@"^Request larger than allowed: \d+ > 1048576 bytes\.$"));
        });
    }

    [Test]
    public async Task Throttles_a_namespace_that_invokes_too_often()
    {
        using var throttled = Platform.Client(ThrottledKey);
        await throttled.PutActionAsync("limited", "nodejs:20", Hello);

        await ThrottleWindows.WaitForRoomAsync();
        var first = await throttled.InvokeAsync("limited", blocking: false);
        var second = await throttled.InvokeAsync("limited", blocking: false);
        var third = await throttled.InvokeAsync("limited", blocking: false);

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(202));
            Assert.That(second.Status, Is.EqualTo(202));
            Assert.That(third.Status, Is.EqualTo(429));
            Assert.That(third.Body.Error(), Is.EqualTo("Too many requests in the last minute (count: 3, allowed: 2)."));
        });
    }

    [Test]
    public async Task Returns_every_result_to_twenty_concurrent_blocking_callers_of_a_two_second_action()
    {
        await Guest.PutActionAsync("slow", "nodejs:20", "function main(p) { return new Promise(r => setTimeout(() => r({ caller: p.caller }), 2000)); }");

        var calls = Enumerable.Range(0, 20).Select(i => Guest.InvokeAsync("slow", new { caller = i }, result: true)).ToList();
        var results = await Task.WhenAll(calls);

        Assert.Multiple(() =>
        {
            Assert.That(results.Select(r => r.Status), Is.All.EqualTo(200));
            Assert.That(results.Select(r => r.Body.GetProperty("caller").GetInt32()), Is.EquivalentTo(Enumerable.Range(0, 20)));
        });
    }

    [Test]
    public async Task Keeps_actions_and_activations_across_a_restart()
    {
        await Guest.PutActionAsync("durable", "nodejs:20", Hello);
        var invoked = await Guest.InvokeAsync("durable", new { name = "before" });
        var id = invoked.Body.GetProperty("activationId").GetString()!;
        await EventuallyAsync(async () => (await Guest.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/_/activations/{id}")).Status == 200 ? (JsonElement?)default(JsonElement) : null);

        await Platform.RestartAsync();
        var action = await Guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/actions/durable");
        var activation = await Guest.SendJsonAsync(HttpMethod.Get, $"/api/v1/namespaces/_/activations/{id}");
        var again = await Guest.InvokeAsync("durable", new { name = "after" }, result: true);

        Assert.Multiple(() =>
        {
            Assert.That(action.Status, Is.EqualTo(200));
            Assert.That(activation.Status, Is.EqualTo(200));
            Assert.That(activation.Body.GetProperty("response").GetProperty("result").GetProperty("greeting").GetString(), Is.EqualTo("hello before"));
            Assert.That(again.Body.GetProperty("greeting").GetString(), Is.EqualTo("hello after"));
        });
    }

    private static async Task<JsonElement?> EventuallyAsync(Func<Task<JsonElement?>> probe)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            if (await probe() is { } found)
            {
                return found;
            }

            await Task.Delay(100);
        }

        Assert.Fail("The condition did not hold within 20 s.");
        return null;
    }
}
