using Microsoft.Extensions.Time.Testing;
using OpenWhisk.Plugins.Kafka.Balancing;

namespace OpenWhisk.Plugins.Kafka.Tests.Balancing;

[TestFixture]
public sealed class OverloadReportTests
{
    [Test]
    public void Reports_the_first_forced_activation_at_once_then_one_summary_per_interval()
    {
        var time = new FakeTimeProvider();
        var report = new OverloadReport(TimeSpan.FromSeconds(10), time);

        var first = report.Forced();
        var quiet = Enumerable.Range(0, 99).Select(_ => report.Forced()).ToList();
        time.Advance(TimeSpan.FromSeconds(10));
        var summary = report.Forced();

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(1));
            Assert.That(quiet, Is.All.Zero);
            Assert.That(summary, Is.EqualTo(100), "the 99 held back and this one");
        });
    }
}
