using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;
using static OpenWhisk.TestSupport.ApiClientExtensions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>Triggers, rules and fires on the real standalone with Docker.</summary>
[TestFixture]
[NonParallelizable]
public sealed class TriggerRuleApiTests : StandaloneFixture
{
    private const string Key = "efefefef-bbbb-cccc-dddd-eeeeeeeeeeee:othersecret0123456789abcdef";
    private const string FiringKey = "12121212-bbbb-cccc-dddd-eeeeeeeeeeee:firingsecret0123456789abcd";
    private const string Show = "function main(p) { return { x: p.x, y: p.y, host: (p.__ow_headers || {}).host }; }";

    protected override string? OtherKey => Key;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Identities:1:Subject"] = "firing",
        ["Identities:1:Key"] = FiringKey,
        ["Identities:1:FiresPerMinute"] = "2",
    };

    [Test]
    public async Task Creates_fires_and_deletes_a_trigger_with_openwhisk_codes_and_records()
    {
        await Guest.PutActionAsync("show", "nodejs:20", Show, new { limits = new { memory = 128 } });
        var created = await PutTriggerAsync("t-basic", new { parameters = Pairs(("x", "trigger"), ("y", "trigger")) });
        var duplicate = await PutTriggerAsync("t-basic");
        var badFeed = await PutTriggerAsync("t-bad-feed", new { annotations = Pairs(("feed", "not a/valid name ")) });
        var unfired = await FireAsync("t-basic", new { y = "fire" });
        var rule = await PutRuleAsync("r-basic", "/_/t-basic", "/_/show");
        var updated = await PutTriggerAsync("t-basic", new { publish = false }, overwrite: true);
        var read = await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers/t-basic");
        var listed = await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers?limit=200");
        var counted = await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers?count=true");

        var fired = await FireAsync("t-basic", new { y = "fire" });
        var triggerRecord = await Guest.WaitForRecordAsync(fired.Body.GetProperty("activationId").GetString()!);
        var line = JsonDocument.Parse(triggerRecord.GetProperty("logs")[0].GetString()!).RootElement;
        var actionRecord = await Guest.WaitForRecordAsync(line.GetProperty("activationId").GetString()!);
        var byName = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations?name=show&docs=true&limit=5");

        var deleted = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/triggers/t-basic");
        var ruleAfter = await Guest.GetJsonAsync("/api/v1/namespaces/_/rules/r-basic");
        var firedAfter = await FireAsync("t-basic");

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200));
            Assert.That(created.Body.GetProperty("limits").EnumerateObject(), Is.Empty);
            Assert.That(duplicate.Status, Is.EqualTo(409));
            Assert.That(badFeed.Status, Is.EqualTo(400));
            Assert.That(badFeed.Body.Error(), Is.EqualTo("Feed name is not valid"));
            Assert.That(unfired.Status, Is.EqualTo(204), "no active rule: nothing runs, no record");
            Assert.That(rule.Body.GetProperty("status").GetString(), Is.EqualTo("active"));
            Assert.That(updated.Body.GetProperty("version").GetString(), Is.EqualTo("0.0.2"));
            Assert.That(updated.Body.GetProperty("rules").GetProperty("guest/r-basic").GetProperty("status").GetString(), Is.EqualTo("active"), "an update keeps the rules");
            Assert.That(read.Body.GetProperty("rules").GetProperty("guest/r-basic").GetProperty("action").GetProperty("name").GetString(), Is.EqualTo("show"));
            Assert.That(listed.Body.EnumerateArray().Select(t => t.GetProperty("name").GetString()), Does.Contain("t-basic"));
            Assert.That(counted.Body.GetProperty("triggers").GetInt32(), Is.GreaterThanOrEqualTo(1));
            Assert.That(fired.Status, Is.EqualTo(202));
            Assert.That(triggerRecord.GetProperty("name").GetString(), Is.EqualTo("t-basic"));
            Assert.That(triggerRecord.TryGetProperty("end", out _), Is.False, "a trigger activation has no end");
            Assert.That(triggerRecord.GetProperty("response").GetProperty("result").GetProperty("y").GetString(), Is.EqualTo("fire"));
            Assert.That(triggerRecord.GetProperty("annotations").EnumerateArray(), Is.Empty);
            Assert.That(line.GetProperty("rule").GetString(), Is.EqualTo("guest/r-basic"));
            Assert.That(line.GetProperty("action").GetString(), Is.EqualTo("guest/show"));
            Assert.That(line.GetProperty("statusCode").GetInt32(), Is.Zero);
            Assert.That(line.GetProperty("success").GetBoolean(), Is.True);
            Assert.That(actionRecord.GetProperty("cause").GetString(), Is.EqualTo(triggerRecord.GetProperty("activationId").GetString()));
            Assert.That(actionRecord.Annotation("causedBy"), Is.Null, "a rule's action is not a sequence's component");
            var result = actionRecord.GetProperty("response").GetProperty("result");
            Assert.That(result.GetProperty("x").GetString(), Is.EqualTo("trigger"), "the trigger's parameter");
            Assert.That(result.GetProperty("y").GetString(), Is.EqualTo("fire"), "the payload over the trigger's parameter");
            Assert.That(result.GetProperty("host").GetString(), Is.Not.Empty, "the fire request's headers as __ow_headers");
            Assert.That(byName.Body.EnumerateArray().Select(a => a.GetProperty("activationId").GetString()), Does.Contain(actionRecord.GetProperty("activationId").GetString()));
            Assert.That(deleted.Status, Is.EqualTo(200), "a trigger is deleted while a rule still points at it");
            Assert.That(ruleAfter.Body.GetProperty("status").GetString(), Is.EqualTo("inactive"), "a rule whose trigger is gone is inactive");
            Assert.That(firedAfter.Status, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task Two_rules_run_and_a_disabled_one_only_leaves_a_log_line()
    {
        await Guest.PutActionAsync("show-a", "nodejs:20", Show, new { limits = new { memory = 128 } });
        await Guest.PutActionAsync("show-b", "nodejs:20", Show, new { limits = new { memory = 128 } });
        await PutTriggerAsync("t-two");
        await PutRuleAsync("r-two-a", "/_/t-two", "/_/show-a");
        await PutRuleAsync("r-two-b", "/_/t-two", "/_/show-b");

        var both = await FireAndReadLogsAsync("t-two");
        var disable = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/rules/r-two-b", new { status = "inactive" });
        var again = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/rules/r-two-b", new { status = "inactive" });
        var one = await FireAndReadLogsAsync("t-two");

        Assert.Multiple(() =>
        {
            Assert.That(both.Select(l => l.GetProperty("statusCode").GetInt32()), Is.EqualTo(new[] { 0, 0 }));
            Assert.That(disable.Status, Is.EqualTo(200));
            Assert.That(again.Status, Is.EqualTo(200), "the same status again is fine");
            var inactive = one.Single(l => l.GetProperty("rule").GetString() == "guest/r-two-b");
            Assert.That(inactive.GetProperty("statusCode").GetInt32(), Is.EqualTo(1));
            Assert.That(inactive.GetProperty("error").GetString(), Is.EqualTo("Rule 'guest/r-two-b' is inactive, action 'guest/show-b' was not activated."));
            Assert.That(one.Single(l => l.GetProperty("rule").GetString() == "guest/r-two-a").GetProperty("statusCode").GetInt32(), Is.Zero);
        });
    }

    [Test]
    public async Task Rules_invoke_shared_actions_of_another_namespace_bindings_sequences_and_packaged_actions()
    {
        await Other.PutPackageAsync("shared-tools", new { publish = true });
        await Other.PutActionAsync("shared-tools/show", "nodejs:20", Show, new { limits = new { memory = 128 } });
        await Guest.PutActionAsync("inc", "nodejs:20", "function main(p) { return { n: (p.n || 0) + 1 }; }", new { limits = new { memory = 128 } });
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/inc-twice", new { exec = new { kind = "sequence", components = new[] { "/_/inc", "/_/inc" } } });
        await PutTriggerAsync("t-many");
        await PutRuleAsync("r-echo", "/_/t-many", "/whisk.system/utils/echo");
        await PutRuleAsync("r-shared", "/_/t-many", "/other/shared-tools/show");
        await PutRuleAsync("r-seq", "/_/t-many", "/_/inc-twice");
        await Guest.PutPackageAsync("bound-tools", new { binding = new { @namespace = "other", name = "shared-tools" }, parameters = Pairs(("y", "binding")) });
        await PutRuleAsync("r-binding", "/_/t-many", "/_/bound-tools/show");

        var lines = await FireAndReadLogsAsync("t-many", new { n = 1, x = "shared" });
        var records = new Dictionary<string, JsonElement>();
        foreach (var line in lines)
        {
            records[line.GetProperty("rule").GetString()!] = await Guest.WaitForRecordAsync(line.GetProperty("activationId").GetString()!);
        }

        Assert.Multiple(() =>
        {
            Assert.That(lines.Select(l => l.GetProperty("statusCode").GetInt32()), Is.All.Zero, string.Join("\n", lines));
            Assert.That(records["guest/r-echo"].GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(1));
            Assert.That(records["guest/r-shared"].GetProperty("response").GetProperty("result").GetProperty("x").GetString(), Is.EqualTo("shared"));
            Assert.That(records["guest/r-shared"].GetProperty("namespace").GetString(), Is.EqualTo("guest"), "it runs for the one who fired");
            Assert.That(records["guest/r-seq"].GetProperty("response").GetProperty("result").GetProperty("n").GetInt32(), Is.EqualTo(3));
            Assert.That(records["guest/r-seq"].Annotation("topmost")!.Value.GetBoolean(), Is.True, "a sequence a rule starts is topmost");
            Assert.That(records["guest/r-binding"].GetProperty("response").GetProperty("result").GetProperty("y").GetString(), Is.EqualTo("binding"), "the binding's parameter");
            Assert.That(records["guest/r-binding"].Annotation("binding")!.Value.GetString(), Is.EqualTo("guest/bound-tools"));
        });
    }

    [Test]
    public async Task Refuses_bad_rules_with_openwhisk_messages_and_keeps_status_across_updates()
    {
        await Guest.PutActionAsync("show-c", "nodejs:20", Show);
        await Guest.PutActionAsync("show-d", "nodejs:20", Show);
        await PutTriggerAsync("t-rules");
        await PutTriggerAsync("t-rules-2");
        await Other.PutPackageAsync("private-tools");
        await Other.PutActionAsync("private-tools/hidden", "nodejs:20", Show);

        var noTrigger = await PutRuleAsync("r-bad-1", "/_/no-such-trigger", "/_/show-c");
        var noAction = await PutRuleAsync("r-bad-2", "/_/t-rules", "/_/no-such-action");
        var incomplete = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/r-bad-3", new { trigger = "/_/t-rules" });
        var privateAction = await PutRuleAsync("r-bad-4", "/_/t-rules", "/other/private-tools/hidden");
        var badStatus = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/rules/r-bad-1", new { status = "paused" });
        await PutRuleAsync("r-keep", "/_/t-rules", "/_/show-c");
        await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/rules/r-keep", new { status = "inactive" });
        var moved = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/r-keep?overwrite=true", new { trigger = "/_/t-rules-2", action = "/_/show-d" });
        var oldTrigger = await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers/t-rules");
        var newTrigger = await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers/t-rules-2");
        await Guest.DeleteJsonAsync("/api/v1/namespaces/_/triggers/t-rules-2");
        var orphan = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/rules/r-keep", new { status = "active" });
        await PutRuleAsync("r-active", "/_/t-rules", "/_/show-c");
        var deletedActive = await Guest.DeleteJsonAsync("/api/v1/namespaces/_/rules/r-active");
        var linksAfter = await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers/t-rules");

        Assert.Multiple(() =>
        {
            Assert.That(noTrigger.Status, Is.EqualTo(400));
            Assert.That(noTrigger.Body.Error(), Is.EqualTo("trigger /guest/no-such-trigger does not exist"));
            Assert.That(noAction.Body.Error(), Is.EqualTo("action /guest/no-such-action does not exist"));
            Assert.That(incomplete.Body.Error(), Is.EqualTo("rule requires a valid trigger and a valid action"));
            Assert.That(privateAction.Status, Is.EqualTo(403));
            Assert.That(badStatus.Status, Is.EqualTo(400));
            Assert.That(moved.Status, Is.EqualTo(200));
            Assert.That(moved.Body.GetProperty("status").GetString(), Is.EqualTo("inactive"), "moving a rule keeps its status");
            Assert.That(moved.Body.GetProperty("trigger").GetProperty("name").GetString(), Is.EqualTo("t-rules-2"));
            Assert.That(oldTrigger.Body.GetProperty("rules").TryGetProperty("guest/r-keep", out _), Is.False, "the old trigger lets go of the rule");
            Assert.That(newTrigger.Body.GetProperty("rules").GetProperty("guest/r-keep").GetProperty("status").GetString(), Is.EqualTo("inactive"));
            Assert.That(orphan.Status, Is.EqualTo(404));
            Assert.That(orphan.Body.Error(), Is.EqualTo("Only rules with existing triggers can be activated"));
            Assert.That(deletedActive.Status, Is.EqualTo(200), "an active rule is deleted directly");
            Assert.That(deletedActive.Body.GetProperty("status").GetString(), Is.EqualTo("inactive"));
            Assert.That(linksAfter.Body.GetProperty("rules").TryGetProperty("guest/r-active", out _), Is.False);
        });
    }

    [Test]
    public async Task Of_two_concurrent_creates_of_one_rule_only_the_winner_links_its_trigger()
    {
        await Guest.PutActionAsync("show-race", "nodejs:20", Show);
        await PutTriggerAsync("t-race-a");
        await PutTriggerAsync("t-race-b");
        var rounds = Enumerable.Range(0, 8).Select(i => $"r-race-{i}").ToList();

        var answers = new List<((int Status, JsonElement Body) A, (int Status, JsonElement Body) B)>();
        foreach (var rule in rounds)
        {
            var a = PutRuleAsync(rule, "/_/t-race-a", "/_/show-race");
            var b = PutRuleAsync(rule, "/_/t-race-b", "/_/show-race");
            answers.Add((await a, await b));
        }

        // A trigger that was never linked has no "rules" at all, as in OpenWhisk.
        var linksA = (await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers/t-race-a")).Body.TryGetProperty("rules", out var onA) ? onA : JsonDocument.Parse("{}").RootElement;
        var linksB = (await Guest.GetJsonAsync("/api/v1/namespaces/_/triggers/t-race-b")).Body.TryGetProperty("rules", out var onB) ? onB : JsonDocument.Parse("{}").RootElement;
        Assert.Multiple(() =>
        {
            for (var i = 0; i < rounds.Count; i++)
            {
                var (a, b) = answers[i];
                Assert.That(new[] { a.Status, b.Status }, Is.EquivalentTo(new[] { 200, 409 }), rounds[i]);
                Assert.That(linksA.TryGetProperty("guest/" + rounds[i], out _), Is.EqualTo(a.Status == 200), $"{rounds[i]} on t-race-a");
                Assert.That(linksB.TryGetProperty("guest/" + rounds[i], out _), Is.EqualTo(b.Status == 200), $"{rounds[i]} on t-race-b");
            }
        });
    }

    [Test]
    public async Task A_rule_whose_action_is_gone_logs_the_error_and_fires_are_throttled_per_minute()
    {
        using var firing = Platform.Client(FiringKey);
        await firing.PutActionAsync("short-lived", "nodejs:20", Show);
        await firing.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/t-throttled", new { });
        await firing.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/r-gone", new { trigger = "/_/t-throttled", action = "/_/short-lived" });
        await firing.DeleteJsonAsync("/api/v1/namespaces/_/actions/short-lived");

        await ThrottleWindows.WaitForRoomAsync();
        var first = await firing.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/triggers/t-throttled", new { });
        var second = await firing.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/triggers/t-throttled", new { });
        var third = await firing.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/_/triggers/t-throttled", new { });
        var record = await firing.WaitForRecordAsync(first.Body.GetProperty("activationId").GetString()!);
        var line = JsonDocument.Parse(record.GetProperty("logs")[0].GetString()!).RootElement;
        var foreign = await Guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/firing/triggers/t-throttled", new { });

        Assert.Multiple(() =>
        {
            Assert.That(first.Status, Is.EqualTo(202));
            Assert.That(second.Status, Is.EqualTo(202));
            Assert.That(third.Status, Is.EqualTo(429));
            Assert.That(third.Body.Error(), Is.EqualTo("Too many requests in the last minute (count: 3, allowed: 2)."));
            Assert.That(line.GetProperty("statusCode").GetInt32(), Is.EqualTo(1));
            Assert.That(line.GetProperty("success").GetBoolean(), Is.False);
            Assert.That(line.GetProperty("error").GetString(), Is.EqualTo("The requested resource does not exist."));
            Assert.That(foreign.Status, Is.EqualTo(403), "triggers are not shared");
        });
    }

    private Task<(int Status, JsonElement Body)> PutTriggerAsync(string name, object? body = null, bool overwrite = false) =>
        Guest.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/triggers/{name}{(overwrite ? "?overwrite=true" : string.Empty)}", body ?? new { });

    private Task<(int Status, JsonElement Body)> PutRuleAsync(string name, string trigger, string action) =>
        Guest.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/rules/{name}", new { trigger, action });

    private Task<(int Status, JsonElement Body)> FireAsync(string name, object? payload = null) =>
        Guest.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/_/triggers/{name}", payload ?? new { });

    private async Task<List<JsonElement>> FireAndReadLogsAsync(string trigger, object? payload = null)
    {
        var fired = await FireAsync(trigger, payload);
        Assert.That(fired.Status, Is.EqualTo(202), fired.Body.ToString());
        var record = await Guest.WaitForRecordAsync(fired.Body.GetProperty("activationId").GetString()!);
        return record.GetProperty("logs").EnumerateArray().Select(l => JsonDocument.Parse(l.GetString()!).RootElement).ToList();
    }
}
