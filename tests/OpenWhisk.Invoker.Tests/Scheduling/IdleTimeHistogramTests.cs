using OpenWhisk.Invoker.Scheduling;
using static OpenWhisk.Invoker.Tests.Scheduling.Views;

namespace OpenWhisk.Invoker.Tests.Scheduling;

[TestFixture]
public sealed class IdleTimeHistogramTests
{
    private static IdleTimeHistogram Histogram(double halfLifeHours = 12) =>
        new(240, TimeSpan.FromMinutes(1), TimeSpan.FromHours(halfLifeHours), Now);

    [Test]
    public void Finds_the_bins_of_the_percentiles()
    {
        var histogram = Histogram();
        for (var minute = 1; minute <= 100; minute++)
        {
            histogram.Add(TimeSpan.FromMinutes(minute + 0.5), Now);
        }

        Assert.Multiple(() =>
        {
            Assert.That(histogram.BinAt(5), Is.EqualTo(5));
            Assert.That(histogram.BinAt(50), Is.EqualTo(50));
            Assert.That(histogram.BinAt(99), Is.EqualTo(99));
        });
    }

    [Test]
    public void Lets_recent_idle_times_outweigh_old_ones()
    {
        var histogram = Histogram(halfLifeHours: 1);
        for (var i = 0; i < 10; i++)
        {
            histogram.Add(TimeSpan.FromMinutes(30), Now);
        }

        for (var i = 0; i < 3; i++)
        {
            histogram.Add(TimeSpan.FromMinutes(5), Now.AddHours(5));
        }

        Assert.That(histogram.BinAt(50), Is.EqualTo(5), "three idle times five half-lives later weigh more than ten old ones");
    }

    [Test]
    public void Measures_how_concentrated_the_idle_times_are()
    {
        var peaked = Histogram();
        var flat = Histogram();
        for (var i = 0; i < 240; i++)
        {
            peaked.Add(TimeSpan.FromMinutes(15), Now);
            flat.Add(TimeSpan.FromMinutes(i), Now);
        }

        Assert.Multiple(() =>
        {
            Assert.That(peaked.CoefficientOfVariation(), Is.EqualTo(Math.Sqrt(239)).Within(1e-6), "all weight in one of 240 bins");
            Assert.That(flat.CoefficientOfVariation(), Is.EqualTo(0).Within(1e-6));
        });
    }

    [Test]
    public void Counts_idle_times_beyond_its_range_apart()
    {
        var histogram = Histogram();
        histogram.Add(TimeSpan.FromMinutes(10), Now);
        histogram.Add(TimeSpan.FromHours(5), Now);
        histogram.Add(TimeSpan.FromHours(6), Now);

        Assert.That(histogram.OutOfRangeShare, Is.EqualTo(2.0 / 3).Within(1e-9));
    }

    [Test]
    public void Keeps_working_after_years_of_observations()
    {
        var histogram = Histogram(halfLifeHours: 1);
        for (var day = 0; day < 3 * 365; day++)
        {
            histogram.Add(TimeSpan.FromMinutes(day % 2 == 0 ? 20 : 40), Now.AddDays(day));
        }

        histogram.Add(TimeSpan.FromMinutes(40), Now.AddDays(3 * 365));

        Assert.Multiple(() =>
        {
            Assert.That(histogram.BinAt(50), Is.EqualTo(40), "the latest weighs the most");
            Assert.That(double.IsFinite(histogram.CoefficientOfVariation()), Is.True);
        });
    }
}
