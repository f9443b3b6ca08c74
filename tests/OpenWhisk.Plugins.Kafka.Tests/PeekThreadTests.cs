using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests;

/// <summary>The one thread on which a Kafka consumer's peeks block.</summary>
[TestFixture]
public sealed class PeekThreadTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromMilliseconds(5);

    [Test]
    public async Task Every_peek_runs_on_the_same_named_thread_so_no_thread_is_started_per_peek()
    {
        var threads = new List<Thread>();
        using var peeks = new PeekThread("kafka-peek test", (_, _) =>
        {
            threads.Add(Thread.CurrentThread);
            return [];
        });

        for (var i = 0; i < 5; i++)
        {
            await peeks.PeekAsync(Wait, CancellationToken.None);
        }

        Assert.That(threads, Has.Count.EqualTo(5));
        Assert.That(threads.Distinct().Count(), Is.EqualTo(1));
        Assert.That(threads[0].Name, Is.EqualTo("kafka-peek test"));
        Assert.That(threads[0].IsThreadPoolThread, Is.False);
        Assert.That(threads[0].IsBackground, Is.True);
    }

    [Test]
    public async Task A_peek_gets_the_wait_and_the_messages_it_asked_for()
    {
        var message = new ConsumedMessage("topic", 0, 7, new byte[] { 1, 2 });
        TimeSpan? seen = null;
        using var peeks = new PeekThread("kafka-peek test", (maxWait, _) =>
        {
            seen = maxWait;
            return [message];
        });

        var batch = await peeks.PeekAsync(TimeSpan.FromMilliseconds(123), CancellationToken.None);

        Assert.That(batch, Is.EqualTo(new[] { message }));
        Assert.That(seen, Is.EqualTo(TimeSpan.FromMilliseconds(123)));
    }

    [Test]
    public async Task A_failing_peek_fails_its_own_task_and_the_next_peek_still_runs()
    {
        var calls = 0;
        using var peeks = new PeekThread("kafka-peek test", (_, _) => ++calls == 1 ? throw new InvalidOperationException("broken") : []);

        Assert.That(async () => await peeks.PeekAsync(Wait, CancellationToken.None), Throws.InvalidOperationException.With.Message.EqualTo("broken"));
        Assert.That(await peeks.PeekAsync(Wait, CancellationToken.None), Is.Empty);
        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    public async Task A_peek_cancelled_while_queued_is_cancelled_without_running()
    {
        using var firstStarted = new ManualResetEventSlim();
        using var releaseFirst = new ManualResetEventSlim();
        var calls = 0;
        using var peeks = new PeekThread("kafka-peek test", (_, _) =>
        {
            if (Interlocked.Increment(ref calls) == 1)
            {
                firstStarted.Set();
                releaseFirst.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);
            }

            return [];
        });

        var first = peeks.PeekAsync(Wait, CancellationToken.None);
        Assert.That(firstStarted.Wait(TimeSpan.FromSeconds(10)), Is.True);
        using var cancellation = new CancellationTokenSource();
        var queued = peeks.PeekAsync(Wait, cancellation.Token);
        await cancellation.CancelAsync();
        releaseFirst.Set();

        await first;
        Assert.That(async () => await queued, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(calls, Is.EqualTo(1));
        Assert.That(peeks.PeekAsync(Wait, cancellation.Token).IsCanceled, Is.True);
    }

    [Test]
    public async Task Disposing_lets_the_queued_peek_finish_and_then_ends_the_thread()
    {
        Thread? thread = null;
        using var started = new ManualResetEventSlim();
        using var release = new ManualResetEventSlim();
        var peeks = new PeekThread("kafka-peek test", (_, _) =>
        {
            thread = Thread.CurrentThread;
            started.Set();
            release.Wait(TimeSpan.FromSeconds(10), CancellationToken.None);
            return [];
        });

        var peek = peeks.PeekAsync(Wait, CancellationToken.None);
        Assert.That(started.Wait(TimeSpan.FromSeconds(10)), Is.True);
        peeks.Dispose();
        release.Set();

        Assert.That(await peek, Is.Empty);
        Assert.That(thread!.Join(TimeSpan.FromSeconds(10)), Is.True);
    }
}
