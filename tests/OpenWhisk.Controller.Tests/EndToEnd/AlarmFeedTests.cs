using System.Diagnostics;
using System.Text.Json;
using OpenWhisk.Controller.Tests.Support;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>The built-in alarms feed on the real standalone with Docker, on the real clock.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AlarmFeedTests : StandaloneFixture
{
    private const string Noop = "function main(p) { return { tick: p.tick }; }";

    [Test]
    public async Task A_one_second_cron_fires_its_rules_until_its_feed_is_deleted()
    {
        await Guest.PutActionAsync("tick-action", "nodejs:20", Noop, new { limits = new { memory = 128 } });
        await CreateTriggerAsync("every-second", "/whisk.system/alarms/alarm");
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/every-second-rule", new { trigger = "/_/every-second", action = "/_/tick-action" });

        var created = await FeedAsync("alarm", "CREATE", "every-second", new { cron = "* * * * * *", trigger_payload = new { tick = "yes" } });
        var fires = await WaitForAsync(() => CountAsync("every-second"), n => n >= 3, TimeSpan.FromSeconds(20));
        var read = await FeedAsync("alarm", "READ", "every-second");
        var updated = await FeedAsync("alarm", "UPDATE", "every-second", new { cron = "*/2 * * * * *" });
        var deleted = await FeedAsync("alarm", "DELETE", "every-second");
        var afterDelete = await CountAsync("every-second");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var later = await CountAsync("every-second");
        var actions = await Guest.GetJsonAsync("/api/v1/namespaces/_/activations?name=tick-action&docs=true&limit=1");

        Assert.Multiple(() =>
        {
            Assert.That(created.Status, Is.EqualTo(200), created.Body.ToString());
            Assert.That(created.Body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(fires, Is.GreaterThanOrEqualTo(3));
            Assert.That(read.Body.GetProperty("config").GetProperty("cron").GetString(), Is.EqualTo("* * * * * *"));
            Assert.That(read.Body.GetProperty("config").GetProperty("payload").GetProperty("tick").GetString(), Is.EqualTo("yes"));
            Assert.That(read.Body.GetProperty("status").GetProperty("active").GetBoolean(), Is.True);
            Assert.That(updated.Body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(deleted.Body.GetProperty("status").GetString(), Is.EqualTo("success"));
            Assert.That(later, Is.LessThanOrEqualTo(afterDelete + 1), "no fires after the feed was deleted (one may have been under way)");
            Assert.That(actions.Body[0].GetProperty("response").GetProperty("result").GetProperty("tick").GetString(), Is.EqualTo("yes"), "the alarm's payload reached the action");
        });
    }

    [Test]
    public async Task A_failing_feed_answers_with_the_alarms_package_s_nested_error()
    {
        await CreateTriggerAsync("bad-cron", "/whisk.system/alarms/alarm");

        var badCron = await FeedAsync("alarm", "CREATE", "bad-cron", new { cron = "every minute" });
        var noTrigger = await FeedAsync("interval", "CREATE", "no-such-trigger", new { minutes = 5 });
        var unsupported = await FeedAsync("once", "PAUSE", "bad-cron");

        Assert.Multiple(() =>
        {
            Assert.That(badCron.Status, Is.EqualTo(502));
            Assert.That(badCron.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetProperty("error").GetString(), Is.EqualTo("cron pattern 'every minute' is not valid"));
            Assert.That(noTrigger.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetProperty("error").GetString(), Is.EqualTo("Trigger authentication request failed."));
            Assert.That(unsupported.Body.GetProperty("response").GetProperty("result").GetProperty("error").GetString(), Is.EqualTo("unsupported lifecycleEvent"));
        });
    }

    [Test]
    public async Task Schedules_survive_a_restart_and_missed_ticks_are_counted_not_replayed()
    {
        await Guest.PutActionAsync("survivor", "nodejs:20", Noop, new { limits = new { memory = 128 } });
        await CreateTriggerAsync("durable-alarm", "/whisk.system/alarms/alarm");
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/durable-rule", new { trigger = "/_/durable-alarm", action = "/_/survivor" });
        await FeedAsync("alarm", "CREATE", "durable-alarm", new { cron = "* * * * * *" });
        await WaitForAsync(() => CountAsync("durable-alarm"), n => n >= 1, TimeSpan.FromSeconds(20));

        await Platform.StopAsync();
        await Task.Delay(TimeSpan.FromSeconds(3));
        await Platform.RestartAsync();
        var before = await CountAsync("durable-alarm");
        var after = await WaitForAsync(() => CountAsync("durable-alarm"), n => n >= before + 2, TimeSpan.FromSeconds(20));
        await FeedAsync("alarm", "DELETE", "durable-alarm");

        Assert.Multiple(() =>
        {
            Assert.That(after, Is.GreaterThanOrEqualTo(before + 2), "the alarm fires again after the restart");
            Assert.That(Platform.Output, Does.Contain("missed"), "the ticks missed while stopped are logged");
        });
    }

    private Task<(int Status, JsonElement Body)> CreateTriggerAsync(string name, string feed) =>
        Guest.SendJsonAsync(HttpMethod.Put, $"/api/v1/namespaces/_/triggers/{name}", new { annotations = new[] { new { key = "feed", value = feed } } });

    /// <summary>Invokes a feed action the way <c>wsk</c> does: blocking, with the lifecycle parameters.</summary>
    private async Task<(int Status, JsonElement Body)> FeedAsync(string feed, string lifecycleEvent, string trigger, object? parameters = null)
    {
        var body = parameters is null ? [] : JsonSerializer.SerializeToElement(parameters).EnumerateObject().ToDictionary(p => p.Name, p => (object)p.Value);
        body["lifecycleEvent"] = lifecycleEvent;
        body["triggerName"] = "/_/" + trigger;
        body["authKey"] = StandaloneProcess.GuestKey;
        var (status, response) = await Guest.SendJsonAsync(HttpMethod.Post, $"/api/v1/namespaces/whisk.system/actions/alarms/{feed}?blocking=true", body);
        return status == 200 ? (status, response.GetProperty("response").GetProperty("result")) : (status, response);
    }

    private async Task<int> CountAsync(string trigger) =>
        (await Guest.GetJsonAsync($"/api/v1/namespaces/_/activations?name={trigger}&count=true")).Body.GetProperty("activations").GetInt32();

    private static async Task<int> WaitForAsync(Func<Task<int>> read, Func<int, bool> done, TimeSpan limit)
    {
        var clock = Stopwatch.StartNew();
        var value = await read();
        while (!done(value) && clock.Elapsed < limit)
        {
            await Task.Delay(250);
            value = await read();
        }

        return value;
    }
}
