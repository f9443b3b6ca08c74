using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Controller.Alarms;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Plugins.Memory;

namespace OpenWhisk.Controller.Tests.Alarms;

/// <summary>The alarm ticker on virtual time, over an in-memory store shared by two "controllers".</summary>
[TestFixture]
public sealed class AlarmTickerTests
{
    private FakeTimeProvider time = null!;
    private RecordingTarget target = null!;
    private AlarmStore store = null!;
    private AlarmTicker first = null!;
    private AlarmTicker second = null!;

    [SetUp]
    public void CreateTickers()
    {
        time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_000));
        var artifacts = new InMemoryArtifactStore();
        var options = Options.Create(new ControllerOptions { ActionCacheTime = TimeSpan.Zero });
        target = new RecordingTarget();
        store = new AlarmStore(artifacts, options, time);
        first = new AlarmTicker(new AlarmStore(artifacts, options, time), target, time, NullLogger<AlarmTicker>.Instance);
        second = new AlarmTicker(new AlarmStore(artifacts, options, time), target, time, NullLogger<AlarmTicker>.Instance);
    }

    [Test]
    public async Task Two_controllers_sharing_a_store_fire_each_tick_exactly_once()
    {
        await AddAsync("""{"cron": "* * * * * *"}""");

        for (var second = 0; second < 10; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await Task.WhenAll(first.TickAsync(CancellationToken.None), this.second.TickAsync(CancellationToken.None));
        }

        Assert.That(target.Fired.Select(f => f.LastFired), Is.EqualTo(Enumerable.Range(1, 10).Select(s => 1_800_000_000_000 + (s * 1000L))));
    }

    [Test]
    public async Task Ticks_missed_while_no_controller_ran_are_not_replayed()
    {
        await AddAsync("""{"cron": "* * * * * *"}""");

        time.Advance(TimeSpan.FromSeconds(30));
        await first.TickAsync(CancellationToken.None);
        await first.TickAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await first.TickAsync(CancellationToken.None);

        Assert.That(target.Fired.Select(f => f.LastFired), Is.EqualTo(new[] { 1_800_000_030_000L, 1_800_000_031_000L }));
    }

    [Test]
    public async Task After_an_outage_longer_than_a_day_an_alarm_fires_once_and_then_keeps_its_schedule()
    {
        await AddAsync("""{"cron": "* * * * * *"}""");

        time.Advance(TimeSpan.FromDays(2));
        await first.TickAsync(CancellationToken.None);
        await first.TickAsync(CancellationToken.None);
        time.Advance(TimeSpan.FromSeconds(1));
        await first.TickAsync(CancellationToken.None);

        var twoDaysLater = 1_800_000_000_000 + (2 * 86_400_000L);
        Assert.That(target.Fired.Select(f => f.LastFired), Is.EqualTo(new[] { twoDaysLater, twoDaysLater + 1000 }));
    }

    [Test]
    public async Task An_alarm_that_fails_to_fire_does_not_hold_back_the_others()
    {
        await AddAsync("""{"cron": "* * * * * *"}""", "broken");
        await AddAsync("""{"cron": "* * * * * *"}""", "healthy");
        target.Failing.Add("broken");

        for (var i = 0; i < 3; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await first.TickAsync(CancellationToken.None);
        }

        Assert.That(target.Fired.Count(f => f.Name == "healthy"), Is.EqualTo(3));
    }

    [Test]
    public async Task A_once_alarm_fires_once_and_is_disabled_and_a_gone_trigger_disables_an_alarm()
    {
        await AddAsync("""{"fireOnce": true, "date": 1800000005000}""", "once");
        await AddAsync("""{"cron": "* * * * * *"}""", "gone");
        target.Statuses["gone"] = 404;

        for (var i = 0; i < 8; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await first.TickAsync(CancellationToken.None);
        }

        var once = (await store.GetAsync(AlarmStore.DocId("guest", "once"), CancellationToken.None))!.Entity;
        var gone = (await store.GetAsync(AlarmStore.DocId("guest", "gone"), CancellationToken.None))!.Entity;
        Assert.Multiple(() =>
        {
            Assert.That(target.Fired.Count(f => f.Name == "once"), Is.EqualTo(1));
            Assert.That(once.Status.Active, Is.False);
            Assert.That(once.Status.Reason!.Message, Is.EqualTo("Automatically disabled after firing once"));
            Assert.That(target.Fired.Count(f => f.Name == "gone"), Is.EqualTo(1));
            Assert.That(gone.Status.Reason!.Message, Is.EqualTo("Trigger automatically disabled: Received a 404 status code when firing the trigger"));
            Assert.That(gone.Status.Reason.StatusCode, Is.EqualTo(404));
        });
    }

    [Test]
    public async Task A_once_alarm_with_delete_after_fire_removes_its_trigger_and_rules()
    {
        await AddAsync("""{"fireOnce": true, "date": 1800000002000, "deleteAfterFire": "rules"}""", "cleanup");

        time.Advance(TimeSpan.FromSeconds(3));
        await first.TickAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(target.Removed, Is.EqualTo(new[] { ("cleanup", true) }));
            Assert.That(await store.GetAsync(AlarmStore.DocId("guest", "cleanup"), CancellationToken.None), Is.Null);
        });
    }

    [Test]
    public async Task A_cron_stops_at_its_max_triggers()
    {
        await AddAsync("""{"cron": "* * * * * *", "maxTriggers": 3}""");

        for (var i = 0; i < 6; i++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
            await first.TickAsync(CancellationToken.None);
        }

        Assert.That(target.Fired, Has.Count.EqualTo(3));
    }

    private async Task AddAsync(string parameters, string name = "t")
    {
        var alarm = AlarmDefinition.Create(JsonDocument.Parse(parameters).RootElement, "guest", name, "uuid:key", time.GetUtcNow().ToUnixTimeMilliseconds() - 1, new AlarmOptions());
        await store.PutAsync(alarm, null, CancellationToken.None);
    }

    private sealed class RecordingTarget : IAlarmTarget
    {
        public ConcurrentQueue<AlarmSchedule> Fired { get; } = new();

        public ConcurrentQueue<(string, bool)> Removed { get; } = new();

        public ConcurrentDictionary<string, int> Statuses { get; } = new();

        public ConcurrentBag<string> Failing { get; } = [];

        public Task<int> FireAsync(AlarmSchedule alarm, CancellationToken cancellationToken)
        {
            if (Failing.Contains(alarm.Name))
            {
                throw new InvalidOperationException("the store is down");
            }

            Fired.Enqueue(alarm);
            return Task.FromResult(Statuses.GetValueOrDefault(alarm.Name, 202));
        }

        public Task RemoveTriggerAsync(AlarmSchedule alarm, bool withRules, CancellationToken cancellationToken)
        {
            Removed.Enqueue((alarm.Name, withRules));
            return Task.CompletedTask;
        }
    }
}
