using System.Text.Json;
using OpenWhisk.Controller.Alarms;

namespace OpenWhisk.Controller.Tests.Alarms;

[TestFixture]
public sealed class AlarmTimesTests
{
    private static readonly long Noon = DateTimeOffset.Parse("2026-03-10T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds();

    [TestCase("* * * * * *", "2026-03-10T12:00:01Z")]
    [TestCase("*/15 * * * * *", "2026-03-10T12:00:15Z")]
    [TestCase("*/5 * * * *", "2026-03-10T12:05:00Z")]
    [TestCase("0 9 * * *", "2026-03-11T09:00:00Z")]
    [TestCase("0 0 1 5 *", "2026-06-01T00:00:00Z")]
    [TestCase("0 0 1 0-1 *", "2027-01-01T00:00:00Z")]
    [TestCase("0 0 * * 0", "2026-03-15T00:00:00Z")]
    public void Reads_crons_as_openwhisk_s_alarms_do_with_months_from_0(string cron, string next) =>
        Assert.That(Iso(AlarmTimes.Next(Cron(cron), Noon)), Is.EqualTo(next));

    [TestCase("* * * *")]
    [TestCase("61 * * * *")]
    [TestCase("bad")]
    public void Refuses_crons_it_cannot_read(string cron) => Assert.That(AlarmTimes.ParseCron(cron), Is.Null);

    [Test]
    public void Fires_a_cron_in_its_time_zone_from_its_start_date_and_not_after_its_stop_date()
    {
        var zoned = Cron("0 9 * * *") with { Timezone = "America/New_York" };
        var started = Cron("0 * * * *") with { StartDate = Noon + (3 * 3_600_000) + 1 };
        var stopped = Cron("0 * * * *") with { StopDate = Noon + 1_800_000 };

        Assert.Multiple(() =>
        {
            Assert.That(Iso(AlarmTimes.Next(zoned, Noon)), Is.EqualTo("2026-03-10T13:00:00Z"), "9:00 in New York (EDT) is 13:00 UTC");
            Assert.That(Iso(AlarmTimes.Next(started, Noon)), Is.EqualTo("2026-03-10T16:00:00Z"));
            Assert.That(AlarmTimes.Next(stopped, Noon), Is.Null);
        });
    }

    [Test]
    public void An_interval_counts_from_its_start_date()
    {
        var interval = new AlarmSchedule { Namespace = "guest", Name = "t", Kind = AlarmKind.Interval, Minutes = 10, StartDate = Noon, ApiKey = "k", Status = new AlarmStatus(true, 0) };

        Assert.Multiple(() =>
        {
            Assert.That(AlarmTimes.Next(interval, Noon - 5), Is.EqualTo(Noon));
            Assert.That(AlarmTimes.Next(interval, Noon), Is.EqualTo(Noon + 600_000));
            Assert.That(AlarmTimes.Next(interval, Noon + 600_001), Is.EqualTo(Noon + 1_200_000));
        });
    }

    [Test]
    public void A_due_alarm_fires_its_latest_tick_and_counts_those_it_passed_over()
    {
        var everySecond = Cron("* * * * * *");
        var interval = new AlarmSchedule { Namespace = "guest", Name = "t", Kind = AlarmKind.Interval, Minutes = 1, StartDate = Noon, ApiKey = "k", Status = new AlarmStatus(true, 0) };
        var once = new AlarmSchedule { Namespace = "guest", Name = "t", Kind = AlarmKind.Once, Date = Noon + 5_000, ApiKey = "k", Status = new AlarmStatus(true, 0) };

        Assert.Multiple(() =>
        {
            Assert.That(AlarmTimes.Due(everySecond, Noon, Noon + 500), Is.Null, "nothing is due before the first tick");
            Assert.That(AlarmTimes.Due(everySecond, Noon, Noon + 1_000), Is.EqualTo((Noon + 1_000, 0L)));
            Assert.That(AlarmTimes.Due(everySecond, Noon, Noon + 10_200), Is.EqualTo((Noon + 10_000, 9L)));
            Assert.That(AlarmTimes.Due(interval, Noon, Noon + 200_000), Is.EqualTo((Noon + 180_000, 2L)));
            Assert.That(AlarmTimes.Due(once, Noon, Noon + 6_000), Is.EqualTo((Noon + 5_000, 0L)));
            Assert.That(AlarmTimes.Due(once, Noon + 5_000, Noon + 60_000), Is.Null, "a once-alarm fires once");
        });
    }

    [Test]
    public void After_an_outage_of_days_a_due_alarm_fires_only_its_latest_tick_and_caps_the_count()
    {
        var days = 3 * 86_400_000L;
        var everySecond = Cron("* * * * * *");
        var daily = Cron("0 9 * * *");

        Assert.Multiple(() =>
        {
            Assert.That(AlarmTimes.Due(everySecond, Noon, Noon + days + 400), Is.EqualTo((Noon + days, (long)AlarmTimes.MissedCountLimit)));
            Assert.That(Iso(AlarmTimes.Due(daily, Noon, Noon + (10 * 86_400_000L))!.Value.Tick), Is.EqualTo("2026-03-20T09:00:00Z"));
            Assert.That(AlarmTimes.Due(daily, Noon, Noon + (10 * 86_400_000L))!.Value.Missed, Is.EqualTo(9L), "the 11th to the 19th at 9:00 are passed over");
        });
    }

    private static AlarmSchedule Cron(string cron) => new()
    {
        Namespace = "guest",
        Name = "t",
        Kind = AlarmKind.Cron,
        Cron = cron,
        Payload = JsonDocument.Parse("{}").RootElement,
        ApiKey = "k",
        Status = new AlarmStatus(true, 0),
    };

    private static string? Iso(long? epochMs) => epochMs is { } ms ? AlarmDates.Iso(ms) : null;
}
