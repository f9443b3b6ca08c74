using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Common.Tests.Telemetry;

[TestFixture]
public sealed class ActivationMetricsTests
{
    private ServiceProvider services = null!;

    private IMeterFactory Meters => services.GetRequiredService<IMeterFactory>();

    [SetUp]
    public void SetUp()
    {
        services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    }

    [TearDown]
    public void TearDown() => services.Dispose();

    [Test]
    public void An_activation_counts_with_the_owner_initiator_and_action_of_its_path()
    {
        var metrics = Metrics(10);
        using var activations = Collector<long>("openwhisk_action_activations");
        metrics.Record(Record("alice/tools/format", initiator: "bob", kind: "python:3"));

        var tags = activations.GetMeasurementSnapshot().Single().Tags;
        Assert.Multiple(() =>
        {
            Assert.That(tags["namespace"], Is.EqualTo("alice"));
            Assert.That(tags["initiator"], Is.EqualTo("bob"));
            Assert.That(tags["action"], Is.EqualTo("tools/format"));
            Assert.That(tags["kind"], Is.EqualTo("python:3"));
            Assert.That(tags["memory"], Is.EqualTo("256"));
        });
    }

    [Test]
    public void A_record_without_a_kind_such_as_a_triggers_counts_nowhere()
    {
        var metrics = Metrics(10);
        using var activations = Collector<long>("openwhisk_action_activations");
        metrics.Record(Record("guest/tick", initiator: "guest", kind: null));
        Assert.That(activations.GetMeasurementSnapshot(), Is.Empty);
    }

    [Test]
    public void Only_a_cold_start_records_an_init_time()
    {
        var metrics = Metrics(10);
        using var cold = Collector<long>("openwhisk_action_coldStarts");
        using var init = Collector<double>("openwhisk_action_initTime");
        metrics.Record(Record("guest/a", "guest", "nodejs:20", initMs: 250));
        metrics.Record(Record("guest/a", "guest", "nodejs:20"));
        Assert.Multiple(() =>
        {
            Assert.That(cold.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(1));
            Assert.That(init.GetMeasurementSnapshot().Single().Value, Is.EqualTo(0.25));
        });
    }

    [TestCase("""{"error":{"statusCode":404}}""", "404")]
    [TestCase("""{"statusCode":201}""", "201")]
    [TestCase("""{"statusCode":"teapot"}""", "400")]
    [TestCase("""{"statusCode":"418"}""", "418")]
    [TestCase("""{"statusCode":123456}""", "other")]
    public void The_status_code_the_action_returned_is_a_label_one_that_is_no_integer_is_400_and_one_beyond_http_is_other(string result, string expected)
    {
        var metrics = Metrics(10);
        using var codes = Collector<long>("openwhisk_action_status_code");
        metrics.Record(Record("guest/a", "guest", "nodejs:20", result: result));
        Assert.That(codes.GetMeasurementSnapshot().Single().Tags["status_code"], Is.EqualTo(expected));
    }

    [Test]
    public void A_result_without_a_status_code_records_none()
    {
        var metrics = Metrics(10);
        using var codes = Collector<long>("openwhisk_action_status_code");
        metrics.Record(Record("guest/a", "guest", "nodejs:20", result: """{"ok":true}"""));
        Assert.That(codes.GetMeasurementSnapshot(), Is.Empty);
    }

    [Test]
    public void Pairs_beyond_the_cap_share_the_other_series()
    {
        var metrics = Metrics(2);
        using var activations = Collector<long>("openwhisk_action_activations");
        metrics.Record(Record("guest/a", "guest", "nodejs:20"));
        metrics.Record(Record("guest/b", "guest", "nodejs:20"));
        metrics.Record(Record("guest/c", "guest", "nodejs:20"));
        metrics.Record(Record("guest/a", "other", "nodejs:20"));
        metrics.Record(Record("guest/a", "guest", "nodejs:20"));

        var actions = activations.GetMeasurementSnapshot().Select(m => (string)m.Tags["action"]!).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(actions, Is.EqualTo(new[] { "a", "b", "_other", "_other", "a" }));
            Assert.That(metrics.ActionSeries, Is.EqualTo(2));
        });
    }

    [Test]
    public void Throttle_refusals_count_per_namespace_and_kind_of_limit()
    {
        var metrics = Metrics(10);
        using var concurrent = Collector<long>("openwhisk_action_limit_concurrent");
        using var timed = Collector<long>("openwhisk_action_limit_timed");
        metrics.Throttled("guest", concurrent: true);
        metrics.Throttled("guest", concurrent: false);
        metrics.Throttled("guest", concurrent: false);
        Assert.Multiple(() =>
        {
            Assert.That(concurrent.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(1));
            Assert.That(timed.GetMeasurementSnapshot().Sum(m => m.Value), Is.EqualTo(2));
            Assert.That(timed.LastMeasurement!.Tags["namespace"], Is.EqualTo("guest"));
        });
    }

    private ActivationMetrics Metrics(int cap) => new(Meters, Options.Create(new TelemetryOptions { MaxActionSeries = cap }));

    private MetricCollector<T> Collector<T>(string instrument)
        where T : struct => new(Meters, MeterNames.Activations, instrument);

    private static ActivationRecord Record(string path, string initiator, string? kind, long? initMs = null, string result = "{}")
    {
        var annotations = new List<KeyValue>
        {
            KeyValue.Of("path", path),
            new("limits", JsonDocument.Parse("""{"timeout":60000,"memory":256}""").RootElement.Clone()),
            KeyValue.Of("waitTime", 3),
        };
        if (kind is not null)
        {
            annotations.Add(KeyValue.Of("kind", kind));
        }

        if (initMs is { } init)
        {
            annotations.Add(KeyValue.Of("initTime", init));
        }

        return new ActivationRecord
        {
            Namespace = initiator,
            Name = path[(path.LastIndexOf('/') + 1)..],
            Subject = initiator,
            ActivationId = Guid.NewGuid().ToString("N"),
            Duration = 12,
            Response = ActivationResponse.Success(JsonDocument.Parse(result).RootElement.Clone()),
            Annotations = annotations,
        };
    }
}
