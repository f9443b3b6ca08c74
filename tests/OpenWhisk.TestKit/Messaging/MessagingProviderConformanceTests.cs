using System.Diagnostics;
using System.Text;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.TestKit.Messaging;

/// <summary>
/// The behaviour every <see cref="IMessagingProvider"/> must have. A provider's test project derives from this
/// fixture and supplies the provider; every test uses fresh topics and groups.
/// </summary>
public abstract class MessagingProviderConformanceTests
{
    private readonly List<IAsyncDisposable> disposables = [];

    /// <summary>Gets the provider under test, created for each test.</summary>
    protected IMessagingProvider Provider { get; private set; } = null!;

    /// <summary>Gets how long a test waits for messages before it fails.</summary>
    protected virtual TimeSpan DeliveryTimeout => TimeSpan.FromSeconds(20);

    /// <summary>Gets how long one peek waits.</summary>
    protected virtual TimeSpan PeekWait => TimeSpan.FromMilliseconds(200);

    /// <summary>
    /// Gets how long members of a new group keep peeking before messages are sent, so that the group is stable
    /// (Kafka rebalances when members join; the in-memory bus needs no time).
    /// </summary>
    protected virtual TimeSpan GroupSettleTime => TimeSpan.Zero;

    /// <summary>Creates the provider for one test.</summary>
    /// <returns>The provider.</returns>
    protected abstract Task<IMessagingProvider> CreateProviderAsync();

    /// <summary>Releases the provider after a test.</summary>
    /// <param name="provider">The provider.</param>
    /// <returns>A task.</returns>
    protected virtual Task DisposeProviderAsync(IMessagingProvider provider) => Task.CompletedTask;

    [SetUp]
    public async Task CreateProvider() => Provider = await CreateProviderAsync();

    [TearDown]
    public async Task DisposeProvider()
    {
        foreach (var disposable in Enumerable.Reverse(disposables))
        {
            await disposable.DisposeAsync();
        }

        disposables.Clear();
        await DisposeProviderAsync(Provider);
    }

    [Test]
    public async Task Delivers_the_messages_of_a_topic_in_the_order_they_were_sent()
    {
        var topic = await NewTopicAsync();
        await SendAsync(topic, Enumerable.Range(0, 50).Select(i => $"m{i}"));
        var consumer = Consumer(topic, "g1", maxPeek: 16);

        var received = await ReceiveAsync(consumer, 50);

        Assert.That(received, Is.EqualTo(Enumerable.Range(0, 50).Select(i => $"m{i}")));
    }

    [Test]
    public async Task Every_group_receives_every_message()
    {
        var topic = await NewTopicAsync();
        var first = Consumer(topic, "group-a", maxPeek: 10);
        var second = Consumer(topic, "group-b", maxPeek: 10);
        await SendAsync(topic, Enumerable.Range(0, 20).Select(i => $"m{i}"));

        var receivedByFirst = await ReceiveAsync(first, 20);
        var receivedBySecond = await ReceiveAsync(second, 20);

        Assert.Multiple(() =>
        {
            Assert.That(receivedByFirst, Is.EqualTo(Enumerable.Range(0, 20).Select(i => $"m{i}")));
            Assert.That(receivedBySecond, Is.EqualTo(Enumerable.Range(0, 20).Select(i => $"m{i}")));
        });
    }

    [Test]
    public async Task Consumers_in_one_group_share_the_messages_without_duplicates()
    {
        var topic = await NewTopicAsync();
        var first = Consumer(topic, "shared", maxPeek: 3);
        var second = Consumer(topic, "shared", maxPeek: 3);
        var settle = Stopwatch.StartNew();
        do
        {
            await first.PeekAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
            await second.PeekAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);
        }
        while (settle.Elapsed < GroupSettleTime);

        var expected = Enumerable.Range(0, 30).Select(i => $"m{i}").ToList();
        await SendAsync(topic, expected);

        var received = new List<string>();
        var clock = Stopwatch.StartNew();
        while (received.Count < expected.Count && clock.Elapsed < DeliveryTimeout)
        {
            foreach (var consumer in new[] { first, second })
            {
                var batch = await consumer.PeekAsync(PeekWait, CancellationToken.None);
                await consumer.CommitAsync(CancellationToken.None);
                received.AddRange(batch.Select(Text));
            }
        }

        Assert.That(received, Is.EquivalentTo(expected), "each message goes to exactly one member of the group");
    }

    [Test]
    public async Task A_peek_returns_no_more_than_max_peek_messages()
    {
        var topic = await NewTopicAsync();
        await SendAsync(topic, Enumerable.Range(0, 10).Select(i => $"m{i}"));
        var consumer = Consumer(topic, "bounded", maxPeek: 3);

        var sizes = new List<int>();
        var received = 0;
        var clock = Stopwatch.StartNew();
        while (received < 10 && clock.Elapsed < DeliveryTimeout)
        {
            var batch = await consumer.PeekAsync(PeekWait, CancellationToken.None);
            await consumer.CommitAsync(CancellationToken.None);
            if (batch.Count > 0)
            {
                sizes.Add(batch.Count);
            }

            received += batch.Count;
        }

        Assert.Multiple(() =>
        {
            Assert.That(received, Is.EqualTo(10));
            Assert.That(sizes, Has.All.LessThanOrEqualTo(3));
        });
    }

    [Test]
    public async Task The_lag_counts_the_messages_sent_and_not_yet_received_where_the_bus_tells()
    {
        var topic = await NewTopicAsync();
        await SendAsync(topic, Enumerable.Range(0, 10).Select(i => $"m{i}"));
        var consumer = Consumer(topic, "lagging", maxPeek: 4);

        var received = 0;
        var clock = Stopwatch.StartNew();
        while (received == 0 && clock.Elapsed < DeliveryTimeout)
        {
            received = (await consumer.PeekAsync(PeekWait, CancellationToken.None)).Count;
        }

        // The bus may learn a partition's end a moment after the first messages arrive.
        long? lag = consumer.Lag;
        while (lag is not null && lag != 10 - received && clock.Elapsed < DeliveryTimeout)
        {
            await Task.Delay(50);
            lag = consumer.Lag;
        }

        if (lag is null)
        {
            Assert.Ignore("this bus does not tell its lag");
        }

        Assert.That(lag, Is.EqualTo(10 - received), $"{received} of 10 received");
    }

    [Test]
    public async Task A_restarted_consumer_resumes_after_the_committed_messages()
    {
        var topic = await NewTopicAsync();
        var first = Consumer(topic, "restart", maxPeek: 5);
        await SendAsync(topic, Enumerable.Range(0, 5).Select(i => $"m{i}"));
        var committed = await ReceiveAsync(first, 5, commit: true);
        await SendAsync(topic, Enumerable.Range(5, 5).Select(i => $"m{i}"));
        var uncommitted = await ReceiveAsync(first, 1, commit: false);
        await first.DisposeAsync();
        disposables.Remove(first);

        var second = Consumer(topic, "restart", maxPeek: 10);
        var afterRestart = await ReceiveAsync(second, 5);

        Assert.Multiple(() =>
        {
            Assert.That(committed, Is.EqualTo(new[] { "m0", "m1", "m2", "m3", "m4" }));
            Assert.That(uncommitted[0], Is.EqualTo("m5"));
            Assert.That(afterRestart, Is.EqualTo(new[] { "m5", "m6", "m7", "m8", "m9" }), "uncommitted messages are delivered again, committed ones are not");
        });
    }

    [Test]
    public async Task A_peek_waits_for_a_message_sent_while_it_waits()
    {
        var topic = await NewTopicAsync();
        var consumer = Consumer(topic, "waiting", maxPeek: 5);
        await consumer.PeekAsync(TimeSpan.FromMilliseconds(50), CancellationToken.None);

        var peek = consumer.PeekAsync(DeliveryTimeout, CancellationToken.None);
        await SendAsync(topic, ["late"]);
        var batch = await peek;

        Assert.That(batch.Select(Text), Is.EqualTo(new[] { "late" }));
    }

    [Test]
    public async Task A_peek_on_an_empty_topic_returns_nothing_after_its_wait()
    {
        var topic = await NewTopicAsync();
        var consumer = Consumer(topic, "empty", maxPeek: 5);

        var clock = Stopwatch.StartNew();
        var batch = await consumer.PeekAsync(TimeSpan.FromMilliseconds(300), CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(batch, Is.Empty);
            Assert.That(clock.Elapsed, Is.LessThan(DeliveryTimeout));
        });
    }

    [Test]
    public async Task Rejects_a_message_larger_than_the_producer_limit()
    {
        var topic = await NewTopicAsync();
        await using var producer = Provider.CreateProducer(new MessageProducerOptions { MaxMessageBytes = 1024 });

        Assert.That(
            async () => await producer.SendAsync(topic, new byte[4096], CancellationToken.None),
            Throws.InstanceOf<MessageTooLargeException>());
    }

    /// <summary>Creates a topic with a unique name.</summary>
    /// <returns>The topic name.</returns>
    protected async Task<string> NewTopicAsync()
    {
        var topic = "conformance-" + Guid.NewGuid().ToString("N")[..12];
        await Provider.EnsureTopicAsync(topic, TopicOptions.Default, CancellationToken.None);
        return topic;
    }

    /// <summary>Creates a consumer that is disposed after the test.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="group">The group.</param>
    /// <param name="maxPeek">The peek bound.</param>
    /// <returns>The consumer.</returns>
    protected IMessageConsumer Consumer(string topic, string group, int maxPeek)
    {
        var consumer = Provider.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = group + "-" + topic, MaxPeek = maxPeek });
        disposables.Add(consumer);
        return consumer;
    }

    /// <summary>Sends text messages in order.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="messages">The texts.</param>
    /// <returns>A task.</returns>
    protected async Task SendAsync(string topic, IEnumerable<string> messages)
    {
        await using var producer = Provider.CreateProducer(MessageProducerOptions.Default);
        foreach (var message in messages)
        {
            await producer.SendAsync(topic, Encoding.UTF8.GetBytes(message), CancellationToken.None);
        }
    }

    /// <summary>Peeks until at least <paramref name="count"/> messages came or the delivery timeout passed.</summary>
    /// <param name="consumer">The consumer.</param>
    /// <param name="count">How many messages to wait for.</param>
    /// <param name="commit">Whether to commit after each peek.</param>
    /// <returns>The texts received.</returns>
    protected async Task<List<string>> ReceiveAsync(IMessageConsumer consumer, int count, bool commit = true)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        var received = new List<string>();
        var clock = Stopwatch.StartNew();
        while (received.Count < count && clock.Elapsed < DeliveryTimeout)
        {
            var batch = await consumer.PeekAsync(PeekWait, CancellationToken.None);
            Assert.That(batch, Has.Count.LessThanOrEqualTo(consumer.MaxPeek));
            received.AddRange(batch.Select(Text));

            if (commit && batch.Count > 0)
            {
                await consumer.CommitAsync(CancellationToken.None);
            }
        }

        return received;
    }

    private static string Text(ConsumedMessage message) => Encoding.UTF8.GetString(message.Value.Span);
}
