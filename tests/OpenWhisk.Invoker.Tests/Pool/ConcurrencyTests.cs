using OpenWhisk.Invoker.Tests.Support;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

[TestFixture]
public sealed class ConcurrencyTests
{
    [Test]
    public void Runs_up_to_the_action_concurrency_in_one_container() => PoolHarness.Run(async pool =>
    {
        var action = Action("concurrent", concurrency: 3);
        var jobs = Enumerable.Range(0, 5).Select(_ => Job(action, simulate: new { durationMs = 1000 }, time: pool.Time)).ToList();
        foreach (var job in jobs)
        {
            pool.Pool.Run(job);
        }

        var records = new List<OpenWhisk.Spi.Activations.ActivationRecord>();
        foreach (var job in jobs)
        {
            records.Add(await pool.Reporter.RecordOf(job.Message.ActivationId));
        }

        var containers = records.Select(pool.ContainerOf).Distinct().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(records.All(r => r.Response.IsSuccess), Is.True);
            Assert.That(containers, Has.Count.EqualTo(2), "three share the first container, two the second");
            Assert.That(containers.Select(c => c.MaxConcurrentRuns), Is.EquivalentTo(new[] { 3, 2 }));
            Assert.That(containers.Select(c => c.RunCount).Sum(), Is.EqualTo(5));
        });
    });

    [Test]
    public void Activations_waiting_for_initialization_run_together_once_it_is_done() => PoolHarness.Run(async pool =>
    {
        var action = Action("concurrent", concurrency: 4);
        var jobs = Enumerable.Range(0, 4).Select(_ => Job(action, simulate: new { durationMs = 100 }, time: pool.Time)).ToList();
        foreach (var job in jobs)
        {
            pool.Pool.Run(job);
        }

        var records = new List<OpenWhisk.Spi.Activations.ActivationRecord>();
        foreach (var job in jobs)
        {
            records.Add(await pool.Reporter.RecordOf(job.Message.ActivationId));
        }

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(pool.ContainerOf).Distinct().Count(), Is.EqualTo(1));
            Assert.That(records.Count(r => r.Annotation("initTime") is not null), Is.EqualTo(1), "one init per container");
            Assert.That(records.Max(r => r.End) - records.Min(r => r.End), Is.LessThanOrEqualTo(10), "they ran side by side");
        });
    });
}
