using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;

namespace OpenWhisk.Spi.Toolkit.Tests.Messaging;

[TestFixture]
public sealed class MessageFeedTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private InMemoryMessagingProvider provider = null!;

    [SetUp]
    public void CreateBus() => provider = new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System);

    [Test]
    public async Task Never_hands_out_more_messages_than_its_capacity()
    {
        await SendAsync("t1", 6);
        var received = Channel.CreateUnbounded<string>();
        var outstanding = 0;
        var maxOutstanding = 0;
        await using var feed = Feed("t1", capacity: 2, (message, _) =>
        {
            var now = Interlocked.Increment(ref outstanding);
            InterlockedMax(ref maxOutstanding, now);
            received.Writer.TryWrite(Encoding.UTF8.GetString(message.Value.Span));
            return Task.CompletedTask;
        }, out var handle);
        handle.Start();

        var order = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            if (i >= 2)
            {
                // Finish one message, which lets exactly one more in.
                Interlocked.Decrement(ref outstanding);
                handle.Processed();
            }

            order.Add(await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        }

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EqualTo(new[] { "m0", "m1", "m2", "m3", "m4", "m5" }));
            Assert.That(maxOutstanding, Is.EqualTo(2));
            Assert.That(handle.Outstanding, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task A_failing_handler_returns_its_credit()
    {
        await SendAsync("t2", 3);
        var received = Channel.CreateUnbounded<string>();
        await using var feed = Feed("t2", capacity: 1, (message, _) =>
        {
            var text = Encoding.UTF8.GetString(message.Value.Span);
            received.Writer.TryWrite(text);
            return text == "m0" ? throw new InvalidOperationException("boom") : Task.CompletedTask;
        }, out var handle);
        handle.Start();

        var first = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        var second = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);
        handle.Processed();
        var third = await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout);

        Assert.That(new[] { first, second, third }, Is.EqualTo(new[] { "m0", "m1", "m2" }));
    }

    [Test]
    public async Task Stops_promptly_while_waiting_for_messages()
    {
        await using var feed = Feed("t3", capacity: 4, (_, _) => Task.CompletedTask, out var handle);
        handle.Start();

        Assert.That(async () => await handle.StopAsync().WaitAsync(Timeout), Throws.Nothing);
    }

    [Test]
    public async Task An_awaiting_feed_hands_out_one_message_at_a_time_survives_a_failing_handler_and_disposes_its_consumer()
    {
        await SendAsync("t4", 5);
        var received = Channel.CreateUnbounded<string>();
        var running = 0;
        var overlapped = false;
        var consumer = new DisposalRecordingConsumer(provider.CreateConsumer(new MessageConsumerOptions { Topic = "t4", GroupId = "feed", MaxPeek = 128 }));
        var feed = MessageFeed.Awaiting("t4", consumer, async (message, cancellationToken) =>
        {
            overlapped |= Interlocked.Increment(ref running) > 1;
            await Task.Delay(20, cancellationToken);
            Interlocked.Decrement(ref running);
            var text = Encoding.UTF8.GetString(message.Value.Span);
            received.Writer.TryWrite(text);
            if (text == "m1")
            {
                throw new InvalidOperationException("boom");
            }
        }, NullLogger.Instance, TimeProvider.System);
        feed.Start();

        var order = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            order.Add(await received.Reader.ReadAsync().AsTask().WaitAsync(Timeout));
        }

        await feed.DisposeAsync();

        Assert.Multiple(() =>
        {
            Assert.That(order, Is.EqualTo(new[] { "m0", "m1", "m2", "m3", "m4" }));
            Assert.That(overlapped, Is.False, "one message at a time");
            Assert.That(consumer.Disposed, Is.True, "the feed owns its consumer");
        });
    }

    private MessageFeed Feed(string topic, int capacity, Func<ConsumedMessage, CancellationToken, Task> handler, out MessageFeed handle)
    {
        var consumer = provider.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = "feed", MaxPeek = capacity });
        handle = new MessageFeed(topic, consumer, capacity, TimeSpan.FromSeconds(1), handler, NullLogger.Instance, TimeProvider.System);
        return handle;
    }

    private async Task SendAsync(string topic, int count)
    {
        await using var producer = provider.CreateProducer(MessageProducerOptions.Default);
        for (var i = 0; i < count; i++)
        {
            await producer.SendAsync(topic, Encoding.UTF8.GetBytes($"m{i}"), CancellationToken.None);
        }
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
