using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

[TestFixture]
public sealed class PrewarmTests
{
    private const string WithStemCells = """
        {"runtimes": {
          "nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"},
                      "stemCells": [{"initialCount": 2, "memory": "256 MB"}]}],
          "python": [{"kind": "python:3", "default": true, "image": {"name": "action-python-v3"}}]
        }}
        """;

    private const string Reactive = """
        {"runtimes": {
          "nodejs": [{"kind": "nodejs:20", "default": true, "image": {"name": "action-nodejs-v20"},
                      "stemCells": [{"initialCount": 1, "memory": "256 MB",
                                     "reactive": {"minCount": 1, "maxCount": 3, "ttl": "2 minutes", "threshold": 1, "increment": 1}}]}]
        }}
        """;

    [Test]
    public void Starts_the_configured_stem_cells() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            var snapshot = await pool.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(snapshot.Prewarmed, Is.EqualTo(2));
                Assert.That(snapshot.UsedMemoryMb, Is.EqualTo(512), "stem cells count against user memory");
                Assert.That(pool.Factory.Containers.Select(c => c.Request.Name), Has.All.Match("^wsk0_[0-9]+_prewarm_nodejs20$"));
            });
        },
        manifest: WithStemCells);

    [Test]
    public void Takes_a_stem_cell_of_the_same_kind_and_memory_and_starts_a_replacement() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            var record = await pool.InvokeAsync(Job(Action("hello"), time: pool.Time));
            await pool.Delay(TimeSpan.FromSeconds(1));
            var snapshot = await pool.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(pool.Pool.Counters.PrewarmStarts, Is.EqualTo(1));
                Assert.That(pool.Pool.Counters.ColdStarts, Is.Zero);
                Assert.That(record.Annotation("initTime"), Is.Not.Null, "a stem cell is initialized on its first activation");
                Assert.That(record.Annotation("waitTime")!.Value.GetInt64(), Is.Zero, "no container was created on the way");
                Assert.That(snapshot.Prewarmed, Is.EqualTo(2), "the taken stem cell was replaced");
                Assert.That(pool.Factory.CreatedCount, Is.EqualTo(3));
            });
        },
        manifest: WithStemCells);

    [Test]
    public void Starts_the_replacement_of_a_taken_stem_cell_only_after_the_backfill_delay() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            await pool.InvokeAsync(Job(Action("hello"), time: pool.Time));
            await pool.Delay(TimeSpan.FromSeconds(1.5));
            var createdBeforeTheDelay = pool.Factory.CreatedCount;
            await pool.Delay(TimeSpan.FromSeconds(3));
            var snapshot = await pool.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(createdBeforeTheDelay, Is.EqualTo(2), "the replacement was not started before the delay was over");
                Assert.That(pool.Factory.CreatedCount, Is.EqualTo(3));
                Assert.That(snapshot.Prewarmed, Is.EqualTo(2), "the taken stem cell was replaced");
            });
        },
        new ContainerPoolOptions { PrewarmBackfillDelay = TimeSpan.FromSeconds(2) },
        manifest: WithStemCells);

    [Test]
    public void Does_not_take_a_stem_cell_of_another_memory_size_or_kind() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            await pool.InvokeAsync(Job(Action("big", memoryMb: 512), time: pool.Time));
            await pool.InvokeAsync(Job(Action("py", kind: "python:3"), time: pool.Time));

            Assert.Multiple(() =>
            {
                Assert.That(pool.Pool.Counters.PrewarmStarts, Is.Zero);
                Assert.That(pool.Pool.Counters.ColdStarts, Is.EqualTo(2));
            });
        },
        manifest: WithStemCells);

    [Test]
    public void Never_evicts_stem_cells_and_buffers_instead() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            var python = Job(Action("py", kind: "python:3"), time: pool.Time);
            pool.Pool.Run(python);
            await pool.Delay(TimeSpan.FromMilliseconds(1));
            var snapshot = await pool.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(snapshot.Prewarmed, Is.EqualTo(2));
                Assert.That(snapshot.Buffered, Is.EqualTo(new[] { python.Message.ActivationId }));
                Assert.That(pool.Pool.Counters.Evictions, Is.Zero);
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 512 },
        manifest: WithStemCells);

    [Test]
    public void Replaces_a_stem_cell_that_failed() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            var record = await pool.InvokeAsync(Job(Action("bad", code: "sim:init-fails"), time: pool.Time));
            await pool.Delay(TimeSpan.FromSeconds(1));
            var snapshot = await pool.SnapshotAsync();

            Assert.Multiple(() =>
            {
                Assert.That(record.Response.IsSuccess, Is.False);
                Assert.That(snapshot.Prewarmed, Is.EqualTo(2));
            });
        },
        manifest: WithStemCells);

    [Test]
    public void Reactive_stem_cells_follow_demand_and_expire_when_unused() => PoolHarness.Run(
        async pool =>
        {
            await pool.Delay(TimeSpan.FromSeconds(1));
            var concurrent = Enumerable.Range(0, 3).Select(i => Job(Action("r" + i), simulate: new { durationMs = 2000 }, time: pool.Time)).ToList();
            foreach (var job in concurrent)
            {
                pool.Pool.Run(job);
            }

            foreach (var job in concurrent)
            {
                await pool.Reporter.RecordOf(job.Message.ActivationId);
            }

            var coldStarts = pool.Pool.Counters.ColdStarts;
            await pool.Delay(TimeSpan.FromMinutes(1));
            var afterFirstCheck = (await pool.SnapshotAsync()).Prewarmed;
            await pool.Delay(TimeSpan.FromMinutes(2));
            var afterExpiry = (await pool.SnapshotAsync()).Prewarmed;

            Assert.Multiple(() =>
            {
                Assert.That(coldStarts, Is.EqualTo(2), "one activation took the stem cell, two started cold");
                Assert.That(afterFirstCheck, Is.EqualTo(2), "two cold starts / threshold 1 * increment 1 = 2 stem cells");
                Assert.That(afterExpiry, Is.EqualTo(1), "unused stem cells expire down to the minimum");
            });
        },
        new ContainerPoolOptions { PrewarmExpirationCheckInterval = TimeSpan.FromMinutes(1) },
        manifest: Reactive);
}
