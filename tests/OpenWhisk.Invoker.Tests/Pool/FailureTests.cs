using OpenWhisk.Invoker.Pool;
using OpenWhisk.Invoker.Tests.Support;
using OpenWhisk.Spi.Activations;
using static OpenWhisk.TestSupport.Jobs;

namespace OpenWhisk.Invoker.Tests.Pool;

[TestFixture]
public sealed class FailureTests
{
    [Test]
    public void A_container_that_fails_to_start_is_a_whisk_error_and_frees_its_memory() => PoolHarness.Run(
        async pool =>
        {
            var broken = Job(Action("broken", kind: "broken:1"), blocking: false, time: pool.Time);
            var next = Job(Action("next"), time: pool.Time);
            pool.Pool.Run(broken);
            pool.Pool.Run(next);

            var record = await pool.Reporter.RecordOf(broken.Message.ActivationId);
            var nextRecord = await pool.Reporter.RecordOf(next.Message.ActivationId);

            Assert.Multiple(() =>
            {
                Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
                Assert.That(record.Error(), Is.EqualTo("Failed to provision resources to run the action."));
                Assert.That(pool.Reporter.EventsOf(record.ActivationId), Is.EqualTo(new[] { "store", "combined" }),
                    "a provisioning failure is stored, then acknowledged with result and completion at once");
                Assert.That(nextRecord.Response.IsSuccess, Is.True, "the buffered activation got the freed memory");
            });
        },
        new ContainerPoolOptions { UserMemoryMb = 256 });

    [Test]
    public void A_blackbox_image_that_cannot_start_is_a_developer_error() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("box", kind: "blackbox", image: "me/create-fails:latest"), time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("Failed to pull container image 'me/create-fails:latest'."));
        });
    });

    [Test]
    public void A_failed_initialization_is_a_developer_error_and_destroys_the_container() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("bad", code: "sim:init-fails"), time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(1));
        var snapshot = await pool.SnapshotAsync();

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("Initialization has failed due to: simulated init failure"));
            Assert.That(record.Annotation("initTime"), Is.Not.Null);
            Assert.That(pool.Factory.Containers.Single().Destroyed, Is.True);
            Assert.That(snapshot.UsedMemoryMb, Is.Zero);
        });
    });

    [Test]
    public void Activations_waiting_for_a_container_whose_initialization_failed_get_its_error() => PoolHarness.Run(async pool =>
    {
        var action = Action("bad", code: "sim:init-fails", concurrency: 3);
        var jobs = Enumerable.Range(0, 3).Select(_ => Job(action, time: pool.Time)).ToList();
        foreach (var job in jobs)
        {
            pool.Pool.Run(job);
        }

        var records = new List<ActivationRecord>();
        foreach (var job in jobs)
        {
            records.Add(await pool.Reporter.RecordOf(job.Message.ActivationId));
        }

        Assert.Multiple(() =>
        {
            Assert.That(records.Select(r => r.Response.StatusCode), Is.All.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(pool.Factory.CreatedCount, Is.EqualTo(1), "the waiting activations were not retried");
        });
    });

    [Test]
    public void A_process_exit_during_run_is_a_developer_error_and_the_next_activation_gets_a_fresh_container() => PoolHarness.Run(async pool =>
    {
        var action = Action("fragile");
        var crashed = await pool.InvokeAsync(Job(action, simulate: new { outcome = "exit" }, time: pool.Time));
        var next = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(crashed.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(crashed.Error(), Is.EqualTo("The action did not produce a valid response and exited unexpectedly."));
            Assert.That(pool.ContainerOf(crashed).Destroyed, Is.True);
            Assert.That(next.Response.IsSuccess, Is.True);
            Assert.That(pool.ContainerOf(next), Is.Not.SameAs(pool.ContainerOf(crashed)));
        });
    });

    [Test]
    public void A_thrown_error_is_a_developer_error_that_destroys_the_container() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("thrower"), simulate: new { outcome = "crash" }, time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("An error has occurred: simulated crash"));
            Assert.That(pool.ContainerOf(record).Destroyed, Is.True);
        });
    });

    [Test]
    public void A_timeout_is_a_developer_error_with_the_timeout_annotation_and_destroys_the_container() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("slow", timeoutMs: 1000), simulate: new { outcome = "hang" }, time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("The action exceeded its time limits of 1000 milliseconds."));
            Assert.That(record.Annotation("timeout")!.Value.GetBoolean(), Is.True);
            Assert.That(record.Duration, Is.EqualTo(1010), "init (10 ms) plus the 1 s limit");
            Assert.That(pool.Factory.Containers.Single().Destroyed, Is.True);
        });
    });

    [Test]
    public void Running_out_of_memory_is_a_developer_error() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("hungry"), simulate: new { outcome = "oom" }, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(record.Response.StatusCode, Is.EqualTo(ActivationStatus.DeveloperError));
            Assert.That(record.Error(), Is.EqualTo("The action exhausted its memory and was aborted."));
        });
    });

    [Test]
    public void An_application_error_keeps_the_container() => PoolHarness.Run(async pool =>
    {
        var action = Action("picky");
        var failed = await pool.InvokeAsync(Job(action, simulate: new { outcome = "error" }, time: pool.Time));
        var next = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(failed.Response.StatusCode, Is.EqualTo(ActivationStatus.ApplicationError));
            Assert.That(failed.Error(), Is.EqualTo("simulated application error"));
            Assert.That(pool.ContainerOf(next), Is.SameAs(pool.ContainerOf(failed)));
        });
    });

    [Test]
    public void A_response_that_is_not_json_is_a_developer_error() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("garbled"), simulate: new { outcome = "invalid" }, time: pool.Time));

        Assert.That(record.Error(), Is.EqualTo("The action did not produce a valid JSON or JSON Array response: not json"));
    });

    [Test]
    public void A_warm_container_that_died_reschedules_the_activation_to_a_new_one() => PoolHarness.Run(async pool =>
    {
        var action = Action("hello");
        var first = await pool.InvokeAsync(Job(action, time: pool.Time));
        pool.ContainerOf(first).Kill();

        var second = await pool.InvokeAsync(Job(action, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(second.Response.IsSuccess, Is.True, "the user never sees the dead container");
            Assert.That(pool.ContainerOf(second), Is.Not.SameAs(pool.ContainerOf(first)));
            Assert.That(pool.Reporter.EventsOf(second.ActivationId).Count(e => e == "store"), Is.EqualTo(1));
        });
    });

    [Test]
    public void Acknowledges_the_result_at_once_and_the_completion_after_the_record_is_stored() => PoolHarness.Run(async pool =>
    {
        var blocking = await pool.InvokeAsync(Job(Action("talker"), simulate: new { logs = new[] { "one", "two" } }, time: pool.Time));
        var nonBlocking = await pool.InvokeAsync(Job(Action("talker"), simulate: new { logs = new[] { "three" } }, blocking: false, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(pool.Reporter.EventsOf(blocking.ActivationId), Is.EqualTo(new[] { "result", "store", "completion" }));
            Assert.That(pool.Reporter.EventsOf(nonBlocking.ActivationId), Is.EqualTo(new[] { "store", "completion" }));
            Assert.That(blocking.Logs, Has.Count.EqualTo(2));
            Assert.That(blocking.Logs[0], Does.Match(@"^\d{4}-\d\d-\d\dT[0-9:.]+Z\s+stdout: one$"));
            Assert.That(nonBlocking.Logs.Single(), Does.EndWith("stdout: three"));
        });
    });

    [Test]
    public void Truncated_logs_end_with_openwhisks_notice_and_destroy_the_container() => PoolHarness.Run(async pool =>
    {
        var chatty = Action("chatty", logsMb: 0);
        var record = await pool.InvokeAsync(Job(Action("chatty2") with { Limits = chatty.Limits with { LogsMb = 1 } },
            simulate: new { logs = new[] { new string('x', 600_000), new string('y', 600_000) } }, time: pool.Time));
        await pool.Delay(TimeSpan.FromSeconds(1));

        Assert.Multiple(() =>
        {
            Assert.That(record.Logs, Has.Count.EqualTo(2));
            Assert.That(record.Logs[^1], Does.EndWith("stderr: Logs were truncated because the total bytes size exceeds the limit of 1048576 bytes."));
            Assert.That(pool.ContainerOf(record).Destroyed, Is.True);
        });
    });

    [Test]
    public void Actions_with_a_zero_log_limit_get_no_logs() => PoolHarness.Run(async pool =>
    {
        var record = await pool.InvokeAsync(Job(Action("quiet", logsMb: 0), simulate: new { logs = new[] { "ignored" } }, time: pool.Time));

        Assert.Multiple(() =>
        {
            Assert.That(pool.Reporter.EventsOf(record.ActivationId), Is.EqualTo(new[] { "result", "store", "completion" }));
            Assert.That(record.Logs, Is.Empty);
        });
    });
}
