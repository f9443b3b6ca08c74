using System.Text.Json;
using OpenWhisk.Controller.Alarms;
using OpenWhisk.Controller.Api;

namespace OpenWhisk.Controller.Tests.Alarms;

[TestFixture]
public sealed class AlarmDefinitionTests
{
    private const long Now = 1_800_000_000_000;

    [TestCase("""{"fireOnce": true}""", "alarms once trigger feed is missing the date parameter")]
    [TestCase("""{"fireOnce": true, "date": "not a date"}""", "date parameter 'not a date' is not a valid Date")]
    [TestCase("""{"fireOnce": true, "date": 1000}""", "date parameter '1000' must be in the future")]
    [TestCase("""{"fireOnce": true, "date": 1900000000000, "deleteAfterFire": "maybe"}""", "deleteAfterFire parameter must be one of [false, true, rules].")]
    [TestCase("""{"isInterval": true, "minutes": 0}""", "interval trigger feed is missing the minutes parameter")]
    [TestCase("""{"isInterval": true, "minutes": 1.5}""", "the minutes parameter must be an integer")]
    [TestCase("""{"isInterval": true, "minutes": -2}""", "the minutes parameter must be an integer greater than zero")]
    [TestCase("""{"isInterval": true, "minutes": 5, "maxTriggers": 3, "stopDate": 1900000000000}""", "maxTriggers is not supported for the interval trigger feed")]
    [TestCase("""{}""", "alarms trigger feed is missing the cron parameter")]
    [TestCase("""{"cron": "* * *"}""", "cron pattern '* * *' is not valid")]
    [TestCase("""{"cron": "* * * * *", "timezone": "Mars/Olympus"}""", "Invalid timezone.")]
    [TestCase("""{"cron": "* * * * *", "startDate": 1000}""", "startDate parameter '1000' must be in the future")]
    [TestCase("""{"cron": "* * * * *", "maxTriggers": 3, "stopDate": 1900000000000}""", "maxTriggers is not allowed when the stopDate parameter is specified")]
    [TestCase("""{"cron": "* * * * *", "startDate": 1900000000000, "stopDate": 1850000000000}""", "stopDate parameter '1850000000000' must be greater than the startDate parameter '1900000000000'")]
    [TestCase("""{"cron": "0 0 1 0 *", "stopDate": 1800000100000}""", "the first scheduled trigger fire is not until after the stop date")]
    [TestCase("""{"cron": "* * * * *", "maxTriggers": "many"}""", "maxTriggers parameter must be an integer of at least -1")]
    [TestCase("""{"cron": "* * * * *", "maxTriggers": -5}""", "maxTriggers parameter must be an integer of at least -1")]
    [TestCase("""{"cron": "* * * * *", "startDate": 99999999999999999}""", "startDate parameter '99999999999999999' is not a valid Date")]
    public void Refuses_what_openwhisk_s_alarms_refuse_with_their_messages(string parameters, string message)
    {
        var refused = Assert.Throws<ApiException>(() => Create(parameters));

        Assert.Multiple(() =>
        {
            Assert.That(refused!.Status, Is.EqualTo(400));
            Assert.That(refused.Message, Is.EqualTo(message));
        });
    }

    [Test]
    public void Builds_each_kind_with_its_payload()
    {
        var cron = Create("""{"cron": "*/10 * * * * *", "trigger_payload": "tick"}""");
        var interval = Create("""{"isInterval": true, "minutes": "5", "trigger_payload": {"a": 1}}""");
        var once = Create("""{"fireOnce": true, "date": "2030-01-01T00:00:00Z", "deleteAfterFire": " Rules "}""");

        Assert.Multiple(() =>
        {
            Assert.That(cron.Kind, Is.EqualTo(AlarmKind.Cron));
            Assert.That(cron.Payload!.Value.GetRawText(), Is.EqualTo("""{"payload":"tick"}"""));
            Assert.That(interval.Minutes, Is.EqualTo(5));
            Assert.That(interval.StartDate, Is.EqualTo(Now + 30_000), "an interval starts 30 s after it is made");
            Assert.That(interval.Payload!.Value.GetProperty("a").GetInt32(), Is.EqualTo(1));
            Assert.That(once.Date, Is.EqualTo(DateTimeOffset.Parse("2030-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture).ToUnixTimeMilliseconds()));
            Assert.That(once.DeleteAfterFire, Is.EqualTo("rules"));
            Assert.That(once.Payload!.Value.GetRawText(), Is.EqualTo("{}"));
        });
    }

    [Test]
    public void Limits_crons_to_minutes_when_configured()
    {
        var limited = new AlarmOptions { LimitCronFields = true };

        Assert.Multiple(() =>
        {
            Assert.That(() => AlarmDefinition.Create(Json("""{"cron": "*/5 * * * * *"}"""), "guest", "t", "k", Now, limited), Throws.InstanceOf<ApiException>().With.Message.EqualTo("cron pattern is limited to 5 fields with 1 minute as the finest granularity"));
            Assert.That(() => AlarmDefinition.Create(Json("""{"cron": "0 */5 * * * *"}"""), "guest", "t", "k", Now, limited), Throws.Nothing);
        });
    }

    [Test]
    public void An_update_changes_only_what_the_kind_allows_and_needs_something_to_change()
    {
        var cron = Create("""{"cron": "* * * * *", "trigger_payload": "a"}""");

        var updated = AlarmUpdate.Apply(cron, Json("""{"cron": "*/2 * * * *", "trigger_payload": "b", "minutes": 3}"""), Now + 1, new AlarmOptions());

        Assert.Multiple(() =>
        {
            Assert.That(updated.Cron, Is.EqualTo("*/2 * * * *"));
            Assert.That(updated.Minutes, Is.Null, "minutes belong to intervals");
            Assert.That(updated.Payload!.Value.GetProperty("payload").GetString(), Is.EqualTo("b"));
            Assert.That(() => AlarmUpdate.Apply(cron, Json("""{"trigger_payload": ""}"""), Now, new AlarmOptions()), Throws.InstanceOf<ApiException>().With.Message.EqualTo("no updatable parameters were specified"));
        });
    }

    private static AlarmSchedule Create(string parameters) => AlarmDefinition.Create(Json(parameters), "guest", "t", "uuid:key", Now, new AlarmOptions());

    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement;
}
