using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;

namespace OpenWhisk.Invoker.Tests.Pool;

/// <summary>Stem cells that cannot be created are retried with a doubling, capped wait, not at once forever.</summary>
[TestFixture]
public sealed class StemCellBackoffTests
{
    private const string BrokenStemCells = """
        {"runtimes": {
          "nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"}}],
          "broken": [{"kind": "broken:1", "image": {"name": "broken-create-fails"},
                      "stemCells": [{"initialCount": 1, "memory": "256 MB"}]}]
        }}
        """;

    private static readonly (string, int) Cell = ("broken:1", 256);

    [Test]
    public void The_wait_doubles_per_failure_up_to_the_cap_and_a_success_ends_the_streak()
    {
        var backoff = new StemCellBackoff(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5));
        var now = DateTimeOffset.UnixEpoch;

        var delays = Enumerable.Range(0, 5).Select(_ => backoff.Failed(Cell, now).Delay.TotalSeconds).ToList();
        var waiting = backoff.IsWaiting(Cell, now + TimeSpan.FromSeconds(4));
        var waitOver = backoff.IsWaiting(Cell, now + TimeSpan.FromSeconds(5));
        var ended = backoff.Succeeded(Cell);
        var afterSuccess = backoff.Failed(Cell, now);

        Assert.Multiple(() =>
        {
            Assert.That(delays, Is.EqualTo(new[] { 1.0, 2, 4, 5, 5 }));
            Assert.That(waiting, Is.True);
            Assert.That(waitOver, Is.False);
            Assert.That(ended, Is.EqualTo(5));
            Assert.That(afterSuccess, Is.EqualTo((TimeSpan.FromSeconds(1), 1)));
        });
    }

    [Test]
    public void A_stem_cell_whose_image_is_missing_is_retried_a_handful_of_times_a_minute_and_the_pool_still_runs_actions() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(60));
            var attempts = pool.Factory.CreateAttempts;
            var record = await pool.InvokeAsync(Jobs.Job(Jobs.Action("works"), time: pool.Time));

            Assert.Multiple(() =>
            {
                // Failures 300 ms apart without a backoff would be 200 attempts; with 1, 2, 4, 8, 16, 32 s waits it is 6.
                Assert.That(attempts, Is.InRange(5, 7));
                Assert.That(record.Response.IsSuccess, Is.True);
            });
        },
        new ContainerPoolOptions(),
        manifest: BrokenStemCells);
}
