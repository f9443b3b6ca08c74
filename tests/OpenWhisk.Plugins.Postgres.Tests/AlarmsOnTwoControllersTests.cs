using System.Diagnostics;

namespace OpenWhisk.Plugins.Postgres.Tests;

/// <summary>Two standalone controllers sharing one PostgreSQL database: each alarm tick is fired by exactly one of them.</summary>
[TestFixture]
[NonParallelizable]
public sealed class AlarmsOnTwoControllersTests
{
    [Test]
    public async Task Two_controllers_on_one_database_fire_each_alarm_tick_exactly_once()
    {
        var settings = new Dictionary<string, string>
        {
            ["Limits:InvocationsPerMinute"] = "100000",
            ["Limits:FiresPerMinute"] = "100000",
        };
        await TwoControllers.RunAsync(settings, async (first, second) =>
        {
            using var guest = first.Client();
            await guest.PutActionAsync("shared-tick", "nodejs:20", "function main() { return {}; }", new { limits = new { memory = 128 } });
            await guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/shared-alarm", new { });
            await guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/shared-rule", new { trigger = "/_/shared-alarm", action = "/_/shared-tick" });
            var beforeCreate = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var feed = await guest.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/whisk.system/actions/alarms/alarm?blocking=true", new
            {
                lifecycleEvent = "CREATE",
                triggerName = "/_/shared-alarm",
                authKey = StandaloneProcess.GuestKey,
                cron = "* * * * * *",
            });
            Assert.That(feed.Status, Is.EqualTo(200), feed.Body.ToString());

            var clock = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(8));
            using var other = second.Client();
            await other.SendJsonAsync(HttpMethod.Post, "/api/v1/namespaces/whisk.system/actions/alarms/alarm?blocking=true", new
            {
                lifecycleEvent = "DELETE",
                triggerName = "/_/shared-alarm",
                authKey = StandaloneProcess.GuestKey,
            });
            var elapsed = clock.Elapsed;
            await Task.Delay(TimeSpan.FromSeconds(1));
            var (_, records) = await guest.SendJsonAsync(HttpMethod.Get, "/api/v1/namespaces/_/activations?name=shared-alarm&limit=200");
            var starts = records.EnumerateArray().Select(r => r.GetProperty("start").GetInt64()).Order().ToList();
            TestContext.Out.WriteLine($"{starts.Count} fires in {elapsed.TotalSeconds:F1} s");

            // Tick i (one per second from the first whole second after the alarm was made) fires at its time or later,
            // so with no tick fired twice the i-th fire starts no earlier than that tick. A late fire under load may
            // share its second with the next tick's, so fires are not compared by their second.
            var firstTick = ((beforeCreate / 1000) + 1) * 1000;
            var early = starts.Select((start, i) => (start, tick: firstTick + (i * 1000L))).Where(f => f.start < f.tick).ToList();

            Assert.Multiple(() =>
            {
                Assert.That(starts, Has.Count.GreaterThanOrEqualTo(5), "the alarm fired");
                Assert.That(starts, Has.Count.LessThanOrEqualTo((int)Math.Ceiling(elapsed.TotalSeconds) + 1), "not once per controller");
                Assert.That(early, Is.Empty, "no tick fired twice (fires before the tick they would have to be: " + string.Join(", ", starts) + ")");
                Assert.That(first.Output + second.Output, Does.Not.Contain("Alarms could not be checked"));
            });
        });
    }
}
