using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace OpenWhisk.Spi.Toolkit.Tests.Actors;

/// <summary>The actor base: one message at a time, unhandled messages and failing handlers logged, keyed timers.</summary>
[TestFixture]
public sealed class ActorTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);
    private static readonly object Key = new();
    private FakeLogger logger = null!;
    private FakeTimeProvider time = null!;

    [SetUp]
    public void CreateLoggerAndClock()
    {
        logger = new FakeLogger();
        time = new FakeTimeProvider();
    }

    [Test]
    public async Task Messages_are_taken_one_at_a_time_in_the_order_they_were_posted()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.Slow("a", TimeSpan.FromMilliseconds(30)));
        actor.Send(new TestMessage.Named("b"));
        actor.Send(new TestMessage.Slow("c", TimeSpan.FromMilliseconds(5)));
        actor.Send(new TestMessage.Named("d"));
        await FlushAsync(actor);

        Assert.Multiple(() =>
        {
            Assert.That(actor.Received, Is.EqualTo(new[] { "a", "b", "c", "d" }));
            Assert.That(actor.MostAtOnce, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task A_message_no_case_takes_is_logged_as_unhandled_and_the_next_one_is_taken()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.Unknown());
        actor.Send(new TestMessage.Named("after"));
        await FlushAsync(actor);

        var warnings = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(warnings.Select(r => r.Message), Has.One.Contains("RecordingActor").And.Contains("Unknown"));
            Assert.That(actor.Received, Is.EqualTo(new[] { "after" }));
        });
    }

    [Test]
    public async Task A_failing_handler_is_logged_and_the_next_message_is_taken()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.Failing());
        actor.Send(new TestMessage.Named("after"));
        await FlushAsync(actor);

        var errors = logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Error).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(errors, Has.Count.EqualTo(1));
            Assert.That(errors[0].Exception, Is.InstanceOf<InvalidOperationException>());
            Assert.That(actor.Received, Is.EqualTo(new[] { "after" }));
        });
    }

    [Test]
    public async Task A_timer_posts_its_message_once_after_its_delay()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.StartTimerMessage(Key, "tick", TimeSpan.FromSeconds(1), null));
        await FlushAsync(actor);
        var beforeDelay = actor.Received.ToList();
        time.Advance(TimeSpan.FromSeconds(1));
        await ProbeAsync(actor);
        time.Advance(TimeSpan.FromSeconds(5));
        await FlushAsync(actor);

        Assert.Multiple(() =>
        {
            Assert.That(beforeDelay, Is.Empty);
            Assert.That(actor.Received, Is.EqualTo(new[] { "tick", "timer-active:False" }));
        });
    }

    [Test]
    public async Task Starting_a_timer_under_the_same_key_replaces_the_previous_one()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.StartTimerMessage(Key, "first", TimeSpan.FromSeconds(1), null));
        actor.Send(new TestMessage.StartTimerMessage(Key, "second", TimeSpan.FromSeconds(2), null));
        await FlushAsync(actor);
        time.Advance(TimeSpan.FromSeconds(1));
        await FlushAsync(actor);
        var afterOneSecond = actor.Received.ToList();
        time.Advance(TimeSpan.FromSeconds(1));
        await FlushAsync(actor);

        Assert.Multiple(() =>
        {
            Assert.That(afterOneSecond, Is.Empty);
            Assert.That(actor.Received, Is.EqualTo(new[] { "second" }));
        });
    }

    [Test]
    public async Task A_timer_cancelled_after_it_fired_does_not_deliver_its_message()
    {
        var actor = new RecordingActor(logger, time);
        actor.Send(new TestMessage.StartTimerMessage(Key, "late", TimeSpan.FromSeconds(1), null));
        var open = new TaskCompletionSource();
        var entered = new TaskCompletionSource();

        // The loop waits in the gate while the timer fires: its message queues behind, then the gate cancels the timer.
        actor.Send(new TestMessage.Gate(open, Key, entered));
        await entered.Task.WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(1));
        open.SetResult();
        await FlushAsync(actor);

        Assert.That(actor.Received, Is.EqualTo(new[] { "cancelled:True" }));
    }

    [Test]
    public async Task A_periodic_timer_posts_every_period_until_it_is_cancelled()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.StartTimerMessage(Key, "tick", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));
        await FlushAsync(actor);
        time.Advance(TimeSpan.FromSeconds(1));
        await FlushAsync(actor);
        time.Advance(TimeSpan.FromSeconds(1));
        await FlushAsync(actor);
        actor.Send(new TestMessage.CancelTimerMessage(Key));
        await FlushAsync(actor);
        time.Advance(TimeSpan.FromSeconds(3));
        await FlushAsync(actor);

        Assert.That(actor.Received, Is.EqualTo(new[] { "tick", "tick" }));
    }

    [Test]
    public async Task An_actor_made_to_take_mail_on_the_posters_thread_takes_a_message_posted_while_idle_before_the_post_returns()
    {
        var actor = new RecordingActor(logger, time, takeOnPosterThread: true);
        await FlushAsync(actor);

        // The loop waits for mail once it has taken the flush; give it time to get there, a few times over.
        var inline = false;
        for (var attempt = 0; attempt < 20 && !inline; attempt++)
        {
            await Task.Delay(20);
            var taken = new TaskCompletionSource<int>();
            var poster = Environment.CurrentManagedThreadId;
            actor.Send(new TestMessage.ThreadProbe(taken));
            inline = taken.Task.IsCompleted && taken.Task.Result == poster;
            await taken.Task.WaitAsync(Wait);
        }

        Assert.That(inline, Is.True, "no post was taken on the poster's thread");
    }

    [Test]
    public async Task By_default_an_actor_takes_its_mail_on_its_own_thread_not_the_posters()
    {
        var actor = new RecordingActor(logger, time);
        await FlushAsync(actor);
        await Task.Delay(20);

        // The poster holds a lock while it posts: a handler run inside the post would hold it too.
        var held = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var posting = new object();
        lock (posting)
        {
            actor.Send(new TestMessage.LockProbe(posting, held));
        }

        Assert.That(await held.Task.WaitAsync(Wait), Is.False, "the handler ran inside the post");
    }

    [Test]
    public async Task A_handler_that_posts_to_its_own_actor_only_queues_the_message()
    {
        var actor = new RecordingActor(logger, time, takeOnPosterThread: true);

        actor.Send(new TestMessage.PostToSelf("a", new TestMessage.Named("b")));
        await FlushAsync(actor);

        Assert.Multiple(() =>
        {
            Assert.That(actor.Received, Is.EqualTo(new[] { "a:before", "a:after", "b" }));
            Assert.That(actor.MostAtOnce, Is.EqualTo(1));
        });
    }

    [Test]
    public async Task Stopping_from_outside_takes_the_messages_posted_before_and_ends_the_loop()
    {
        var actor = new RecordingActor(logger, time);

        actor.Send(new TestMessage.Slow("a", TimeSpan.FromMilliseconds(30)));
        actor.Send(new TestMessage.Named("b"));
        await actor.StopAsync().WaitAsync(Wait);

        Assert.Multiple(() =>
        {
            Assert.That(actor.Received, Is.EqualTo(new[] { "a", "b" }));
            Assert.That(actor.Stopped.IsCompleted, Is.True);
            Assert.That(actor.Send(new TestMessage.Named("late")), Is.False);
        });
    }

    [Test]
    public async Task Stopping_cancels_the_timers()
    {
        var actor = new RecordingActor(logger, time);
        actor.Send(new TestMessage.StartTimerMessage(Key, "never", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)));

        actor.Send(new TestMessage.Quit());
        await actor.Completion.WaitAsync(Wait);
        time.Advance(TimeSpan.FromSeconds(3));

        Assert.That(actor.Received, Is.Empty);
    }

    [Test]
    public async Task A_bounded_mailbox_refuses_a_message_when_it_is_full()
    {
        var actor = new RecordingActor(logger, time, capacity: 2);
        var open = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        actor.Send(new TestMessage.Gate(open, null, entered));
        await entered.Task.WaitAsync(Wait);

        var first = actor.Send(new TestMessage.Named("a"));
        var second = actor.Send(new TestMessage.Named("b"));
        var third = actor.Send(new TestMessage.Named("c"));
        open.SetResult();
        await FlushAsync(actor);

        Assert.Multiple(() =>
        {
            Assert.That((first, second, third), Is.EqualTo((true, true, false)));
            Assert.That(actor.Received, Is.EqualTo(new[] { "a", "b" }));
        });
    }

    private static async Task FlushAsync(RecordingActor actor)
    {
        // A full bounded mailbox refuses it until the loop has taken a message.
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var waited = Stopwatch.StartNew();
        while (!actor.Send(new TestMessage.Flush(done)))
        {
            Assert.That(waited.Elapsed, Is.LessThan(Wait), "the actor took no flush");
            await Task.Delay(5);
        }

        await done.Task.WaitAsync(Wait);
    }

    private static async Task ProbeAsync(RecordingActor actor)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        actor.Send(new TestMessage.Probe(Key, done));
        await done.Task.WaitAsync(Wait);
    }
}
