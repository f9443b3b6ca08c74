using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Common.Tests.Telemetry;

/// <summary>The series each exported instrument keeps room for, through the platform's own metrics registration.</summary>
[TestFixture]
public sealed class MetricSeriesLimitsTests
{
    private const int MaxActionSeries = 100;

    private readonly List<Metric> exported = [];
    private ServiceProvider services = null!;

    [SetUp]
    public void SetUp()
    {
        exported.Clear();
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Telemetry:MaxActionSeries"] = MaxActionSeries.ToString(System.Globalization.CultureInfo.InvariantCulture) })
            .Build();
        var collection = new ServiceCollection().AddLogging().AddOpenWhiskTelemetry(configuration, "limits-test");
        collection.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddInMemoryExporter(exported));
        services = collection.BuildServiceProvider();
        // The provider listens from when it is made: before anything is recorded.
        _ = MeterProvider;
    }

    private MeterProvider MeterProvider => services.GetRequiredService<MeterProvider>();

    [TearDown]
    public void TearDown() => services.Dispose();

    [Test]
    public void Every_action_keeps_a_series_per_status_and_one_for_its_duration()
    {
        var metrics = services.GetRequiredService<ActivationMetrics>();
        ActivationResponse[] responses =
        [
            ActivationResponse.Success(null),
            ActivationResponse.ApplicationError("no"),
            ActivationResponse.DeveloperError("broken"),
            ActivationResponse.WhiskError("down"),
        ];
        for (var action = 0; action < MaxActionSeries; action++)
        {
            foreach (var response in responses)
            {
                metrics.Record(Record("guest/action" + action, response));
            }
        }

        MeterProvider.ForceFlush();

        Assert.Multiple(() =>
        {
            Assert.That(Points("openwhisk_action_status"), Has.Count.EqualTo(MaxActionSeries * responses.Length));
            Assert.That(Points("openwhisk_action_duration"), Has.Count.EqualTo(MaxActionSeries));
            Assert.That(Points("openwhisk_action_status").Concat(Points("openwhisk_action_duration")), Has.None.Contains("otel.metric.overflow"));
        });
    }

    [Test]
    public void A_runtime_instrument_keeps_128_series_and_counts_the_rest_under_one_overflow_series()
    {
        using var runtime = new Meter("System.Runtime");
        var counter = runtime.CreateCounter<long>("limits_test_distinct_labels");
        for (var i = 0; i < 300; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("value", i));
        }

        MeterProvider.ForceFlush();

        var points = Points("limits_test_distinct_labels");
        Assert.Multiple(() =>
        {
            Assert.That(points, Has.Count.EqualTo(MetricSeriesLimits.Framework + 1), "128 series and the overflow series");
            Assert.That(points, Has.Exactly(1).Contains("otel.metric.overflow"));
        });
    }

    [TestCase("openwhisk_action_duration", MaxActionSeries + 64)]
    [TestCase("openwhisk_action_waitTime", MaxActionSeries + 64)]
    [TestCase("openwhisk_action_memory", MaxActionSeries + 64)]
    [TestCase("openwhisk_action_status", 2000)]
    [TestCase("openwhisk_action_activations", 2000)]
    [TestCase("openwhisk_action_limit_timed", 2000)]
    public void A_per_action_instrument_keeps_room_for_what_its_labels_can_reach(string instrument, int expected)
    {
        using var meter = new Meter(MeterNames.Activations);
        Assert.That(MetricSeriesLimits.For(meter.CreateCounter<long>(instrument), MaxActionSeries), Is.EqualTo(expected));
    }

    [Test]
    public void A_large_action_cap_raises_the_limit_of_the_instruments_with_further_labels()
    {
        using var meter = new Meter(MeterNames.Activations);
        Assert.That(MetricSeriesLimits.For(meter.CreateCounter<long>("openwhisk_action_status"), 1000), Is.EqualTo(8064));
    }

    [Test]
    public void The_platforms_other_instruments_keep_the_default()
    {
        using var meter = new Meter(MeterNames.Controller);
        Assert.That(MetricSeriesLimits.For(meter.CreateCounter<long>("openwhisk_invoker_health"), MaxActionSeries), Is.Null);
    }

    /// <summary>The label names of each exported point of an instrument.</summary>
    private List<HashSet<string>> Points(string instrument)
    {
        var points = new List<HashSet<string>>();
        foreach (var metric in exported.Where(m => m.Name == instrument))
        {
            foreach (ref readonly var point in metric.GetMetricPoints())
            {
                var names = new HashSet<string>(StringComparer.Ordinal);
                foreach (var tag in point.Tags)
                {
                    names.Add(tag.Key);
                }

                points.Add(names);
            }
        }

        return points;
    }

    private static ActivationRecord Record(string path, ActivationResponse response) => new()
    {
        Namespace = "guest",
        Name = path[(path.LastIndexOf('/') + 1)..],
        Subject = "guest",
        ActivationId = Guid.NewGuid().ToString("N"),
        Duration = 5,
        Response = response,
        Annotations = [KeyValue.Of("path", path), KeyValue.Of("kind", "nodejs:20")],
    };
}
