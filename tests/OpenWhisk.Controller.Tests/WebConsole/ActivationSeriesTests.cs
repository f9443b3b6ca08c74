using OpenWhisk.Controller.WebConsole;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Controller.Tests.WebConsole;

[TestFixture]
public sealed class ActivationSeriesTests
{
    private static readonly int BucketCount = ActivationTotals.BucketBoundsMs.Count + 1;

    [Test]
    public void A_step_s_rate_is_the_growth_of_the_totals_over_it_summed_over_invokers()
    {
        var first = new[] { Sample(1_000, count: 0), Sample(5_000, count: 10), Sample(10_000, count: 30) };
        var second = new[] { Sample(1_000, count: 5), Sample(5_000, count: 5), Sample(10_000, count: 25) };

        var points = ActivationSeries.Compute([first, second], now: 10_500, historyMs: 10_000, stepMs: 5_000);

        Assert.That(points.Select(p => (p.End, p.PerSecond)), Is.EqualTo(new[] { (5_000L, 2.0), (10_000L, 8.0) }));
    }

    [Test]
    public void Failures_count_separately()
    {
        var samples = new[] { Sample(0, count: 0), new ActivationTotalsSample(5_000, new ActivationTotals(10, 5, Buckets((3, 10)))) };

        var point = ActivationSeries.Compute([samples], now: 5_000, historyMs: 5_000, stepMs: 5_000).Single();

        Assert.Multiple(() =>
        {
            Assert.That(point.PerSecond, Is.EqualTo(2));
            Assert.That(point.FailedPerSecond, Is.EqualTo(1));
        });
    }

    [Test]
    public void An_invoker_that_restarted_during_a_step_counts_its_new_totals_only()
    {
        var samples = new[] { Sample(0, count: 100), Sample(5_000, count: 15) };

        var point = ActivationSeries.Compute([samples], now: 5_000, historyMs: 5_000, stepMs: 5_000).Single();

        Assert.That(point.PerSecond, Is.EqualTo(3));
    }

    [Test]
    public void An_invoker_that_restarted_and_passed_its_old_count_is_told_by_its_incarnation()
    {
        var samples = new[]
        {
            new ActivationTotalsSample(0, Totals(10), "first"),
            new ActivationTotalsSample(5_000, Totals(25), "second"),
        };

        var point = ActivationSeries.Compute([samples], now: 5_000, historyMs: 5_000, stepMs: 5_000).Single();

        Assert.That(point.PerSecond, Is.EqualTo(5), "25 since the restart, not 15");
    }

    [Test]
    public void Steps_without_any_invoker_s_samples_are_left_out()
    {
        var samples = new[] { Sample(20_000, count: 0), Sample(25_000, count: 5) };

        var points = ActivationSeries.Compute([samples], now: 25_000, historyMs: 25_000, stepMs: 5_000);

        Assert.That(points.Select(p => p.End), Is.EqualTo(new[] { 20_000L, 25_000L }));
    }

    [Test]
    public void Percentiles_are_interpolated_inside_the_bucket_they_fall_in()
    {
        // 100 activations: 50 at most 1 ms, 40 in (10, 15] ms, 10 in (1000, 1500] ms.
        var buckets = Buckets((0, 50), (6, 40), (18, 10));

        Assert.Multiple(() =>
        {
            Assert.That(ActivationSeries.Percentile(buckets, 0.5), Is.EqualTo(1.0));
            Assert.That(ActivationSeries.Percentile(buckets, 0.7), Is.EqualTo(12.5));
            Assert.That(ActivationSeries.Percentile(buckets, 0.95), Is.EqualTo(1250));
            Assert.That(ActivationSeries.Percentile(new long[BucketCount], 0.5), Is.Null);
        });
    }

    [Test]
    public void Durations_beyond_the_last_bound_are_read_as_up_to_twice_it()
    {
        var buckets = Buckets((BucketCount - 1, 4));

        Assert.That(ActivationSeries.Percentile(buckets, 0.5), Is.EqualTo(450_000));
    }

    private static ActivationTotalsSample Sample(long at, long count) => new(at, Totals(count));

    private static ActivationTotals Totals(long count) => new(count, 0, Buckets((5, count)));

    private static long[] Buckets(params (int Index, long Count)[] entries)
    {
        var buckets = new long[BucketCount];
        foreach (var (index, count) in entries)
        {
            buckets[index] = count;
        }

        return buckets;
    }
}
