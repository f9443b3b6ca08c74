using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Controller.Tests.Support;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.LoadBalancing;

namespace OpenWhisk.Controller.Tests.Invocation;

[TestFixture]
public sealed class AcceptedActivationsTests
{
    private DispatcherHarness harness = null!;

    [SetUp]
    public async Task Create()
    {
        harness = new DispatcherHarness();
        await harness.AddActionAsync("held");
        await harness.AddActionAsync("echo");
        harness.Balancer.Script("held", _ => null);
    }

    [TearDown]
    public void Dispose()
    {
        harness.Balancer.ReleaseAll();
        harness.Dispose();
    }

    [Test]
    public async Task A_non_blocking_invocation_is_journaled_with_the_completion_timeout_as_its_deadline()
    {
        var accepted = await harness.InvokeAsync("held", blocking: false);

        var journal = await harness.Records.ListOverdueAsync(DateTimeOffset.MaxValue, null, 10, CancellationToken.None);
        Assert.Multiple(() =>
        {
            Assert.That(journal.Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { accepted.ActivationId }));
            Assert.That(journal[0].Deadline, Is.EqualTo(harness.Time.GetUtcNow() + TimeSpan.FromMinutes(3)), "max(60 s, limit) × 2 + 1 min");
            Assert.That(journal[0].Controller, Is.EqualTo("0"));
            Assert.That(journal[0].Fallback.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(journal[0].Fallback.Name, Is.EqualTo("held"));
        });
    }

    [Test]
    public void A_refused_invocation_leaves_no_journal_entry_behind()
    {
        harness.Balancer.Refuse = true;

        Assert.ThrowsAsync<LoadBalancerUnavailableException>(() => harness.InvokeAsync("held", blocking: false));
        Assert.That(harness.Records.ListOverdueAsync(DateTimeOffset.MaxValue, null, 10, CancellationToken.None).Result, Is.Empty, "no record may appear for an id nobody got");
    }

    [Test]
    public async Task A_blocking_invocation_answered_with_its_record_is_not_journaled()
    {
        var answered = await harness.InvokeAsync("echo", new { x = 1 });

        Assert.Multiple(async () =>
        {
            Assert.That(answered.Record, Is.Not.Null);
            Assert.That(await harness.Records.ListOverdueAsync(DateTimeOffset.MaxValue, null, 10, CancellationToken.None), Is.Empty);
        });
    }

    [Test]
    public async Task A_blocking_invocation_that_outlives_its_wait_is_journaled_as_it_turns_into_a_202()
    {
        var invoking = harness.InvokeAsync("held", wait: TimeSpan.FromSeconds(2));
        for (var i = 0; i < 100 && !invoking.IsCompleted; i++)
        {
            await Task.Delay(5);
            harness.Time.Advance(TimeSpan.FromMilliseconds(500));
        }

        var answer = await invoking.WaitAsync(TimeSpan.FromSeconds(5));
        var journal = await harness.Records.ListOverdueAsync(DateTimeOffset.MaxValue, null, 10, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(answer.Record, Is.Null, "the caller gets the id alone");
            Assert.That(journal.Select(a => a.Fallback.ActivationId), Is.EqualTo(new[] { answer.ActivationId }));
        });
    }

    [Test]
    public async Task The_sweeper_ends_overdue_activations_with_their_fallback_and_never_replaces_a_real_record()
    {
        var lost = await harness.InvokeAsync("held", blocking: false);
        var finished = await harness.InvokeAsync("held", blocking: false);
        var real = (await harness.Records.ListOverdueAsync(DateTimeOffset.MaxValue, null, 10, CancellationToken.None)).Single(a => a.Fallback.ActivationId == finished.ActivationId).Fallback
            with { Response = ActivationResponse.Success(null) };
        await harness.Records.StoreAsync(real, CancellationToken.None);
        using var sweeper = new OverdueActivationSweeper(
            harness.Accepted,
            Options.Create(new JournalOptions { SweepInterval = TimeSpan.FromSeconds(30) }),
            Options.Create(new ControllerOptions()),
            harness.Time,
            NullLogger<OverdueActivationSweeper>.Instance);

        await sweeper.StartAsync(CancellationToken.None);
        var beforeDeadline = await harness.Records.GetAsync("guest", lost.ActivationId, CancellationToken.None);
        for (var i = 0; i < 8; i++)
        {
            harness.Time.Advance(TimeSpan.FromSeconds(30));
            await Task.Delay(20);
        }

        var ended = await harness.StoredAsync(lost.ActivationId);
        await sweeper.StopAsync(CancellationToken.None);

        Assert.Multiple(async () =>
        {
            Assert.That(beforeDeadline, Is.Null, "nothing is ended before its deadline");
            Assert.That(ended.Response.StatusCode, Is.EqualTo(ActivationStatus.WhiskError));
            Assert.That(ended.Response.Result!.Value.GetProperty("error").GetString(), Is.EqualTo(AcceptedActivations.PlatformStopped));
            Assert.That((await harness.Records.GetAsync("guest", finished.ActivationId, CancellationToken.None))!.Response.IsSuccess, Is.True);
            Assert.That(await harness.Records.ListOverdueAsync(DateTimeOffset.MaxValue, null, 10, CancellationToken.None), Is.Empty);
        });
    }
}
