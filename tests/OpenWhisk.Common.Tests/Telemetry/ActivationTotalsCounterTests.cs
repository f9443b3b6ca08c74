using System.Text.Json;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Common.Tests.Telemetry;

[TestFixture]
public sealed class ActivationTotalsCounterTests
{
    [Test]
    public void Records_count_failures_and_land_in_the_bucket_of_wait_plus_duration()
    {
        var counter = new ActivationTotalsCounter();

        counter.Record(Record(ActivationResponse.Success(null), durationMs: 3, waitMs: 4));
        counter.Record(Record(ActivationResponse.ApplicationError("no"), durationMs: 200, waitMs: 0));
        counter.Record(400_000, failedActivation: false);
        var totals = counter.Snapshot();

        var bounds = ActivationTotals.BucketBoundsMs;
        Assert.Multiple(() =>
        {
            Assert.That(totals.Count, Is.EqualTo(3));
            Assert.That(totals.Failed, Is.EqualTo(1));
            Assert.That(totals.DurationBuckets, Has.Count.EqualTo(bounds.Count + 1));
            Assert.That(totals.DurationBuckets[IndexOf(7.5)], Is.EqualTo(1), "7 ms falls in (5, 7.5]");
            Assert.That(totals.DurationBuckets[IndexOf(200)], Is.EqualTo(1), "200 ms is at most 200");
            Assert.That(totals.DurationBuckets[^1], Is.EqualTo(1), "beyond the last bound");
            Assert.That(totals.DurationBuckets.Sum(), Is.EqualTo(3));
        });
    }

    [Test]
    public async Task Records_from_many_threads_are_all_counted()
    {
        var counter = new ActivationTotalsCounter();

        await Task.WhenAll(Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            for (var i = 0; i < 10_000; i++)
            {
                counter.Record(i % 100, failedActivation: i % 10 == 0);
            }
        })));
        var totals = counter.Snapshot();

        Assert.Multiple(() =>
        {
            Assert.That(totals.Count, Is.EqualTo(80_000));
            Assert.That(totals.Failed, Is.EqualTo(8_000));
            Assert.That(totals.DurationBuckets.Sum(), Is.EqualTo(80_000));
        });
    }

    private static int IndexOf(double bound) => ActivationTotals.BucketBoundsMs.ToList().IndexOf(bound);

    private static ActivationRecord Record(ActivationResponse response, long durationMs, long waitMs) => new()
    {
        Namespace = "guest",
        Name = "a",
        Subject = "guest",
        ActivationId = "0123456789abcdef0123456789abcdef",
        Start = 1_000,
        End = 1_000 + durationMs,
        Duration = durationMs,
        Response = response,
        Annotations = [new KeyValue("waitTime", JsonSerializer.SerializeToElement(waitMs))],
    };
}
