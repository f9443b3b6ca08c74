using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Tests.Messaging;

public sealed class InProcessTransportTests
{
    [Test]
    public async Task A_message_sent_to_a_topic_a_receiver_of_this_process_takes_is_handed_over_as_the_same_object()
    {
        var transport = new InProcessTransport();
        var taken = new List<Note>();
        using var receiver = transport.Receive<Note>("invoker0", (note, _) =>
        {
            taken.Add(note);
            return Task.CompletedTask;
        });
        var producer = new RecordingProducer();
        var note = new Note("hello");

        await new ActivationSender(producer, transport).SendAsync("invoker0", note, CancellationToken.None);

        Assert.Multiple(() =>
        {
            Assert.That(taken, Has.Count.EqualTo(1));
            Assert.That(taken[0], Is.SameAs(note));
            Assert.That(producer.Sent, Is.Empty, "nothing on the bus");
        });
    }

    [Test]
    public async Task A_message_no_receiver_of_this_process_takes_goes_over_the_bus_serialized()
    {
        var transport = new InProcessTransport();
        using var otherTopic = transport.Receive<Note>("invoker1", (_, _) => Task.CompletedTask);
        using var otherType = transport.Receive<string>("invoker0", (_, _) => Task.CompletedTask);
        var producer = new RecordingProducer();

        await new ActivationSender(producer, transport).SendAsync("invoker0", new Note("over the bus"), CancellationToken.None);

        Assert.That(producer.Sent.Select(m => (m.Topic, MessageSerializer.Deserialize<Note>(m.Value).Text)), Is.EqualTo(new[] { ("invoker0", "over the bus") }));
    }

    [Test]
    public void A_second_receiver_for_a_topic_is_refused_and_a_disposed_one_frees_it()
    {
        var transport = new InProcessTransport();
        var first = transport.Receive<Note>("completed0", (_, _) => Task.CompletedTask);

        Assert.That(() => transport.Receive<Note>("completed0", (_, _) => Task.CompletedTask), Throws.InvalidOperationException.With.Message.Contains("completed0"));
        first.Dispose();
        using var second = transport.Receive<Note>("completed0", (_, _) => Task.CompletedTask);
        first.Dispose();

        Assert.That(transport.TryHandOver("completed0", new Note("x"), CancellationToken.None, out _), Is.True, "disposing the first again leaves the second in place");
    }

    [Test]
    public void A_receiver_that_throws_fails_the_send_instead_of_falling_back_to_the_bus()
    {
        var transport = new InProcessTransport();
        using var stopped = transport.Receive<Note>("invoker0", (_, _) => throw new InvalidOperationException("Invoker 0 is not running."));
        var producer = new RecordingProducer();

        Assert.Multiple(() =>
        {
            Assert.That(() => new ActivationSender(producer, transport).SendAsync("invoker0", new Note("x"), CancellationToken.None), Throws.InvalidOperationException);
            Assert.That(producer.Sent, Is.Empty);
        });
    }

    public sealed record Note(string Text);

    private sealed class RecordingProducer : IMessageProducer
    {
        public List<(string Topic, byte[] Value)> Sent { get; } = [];

        public Task<MessagePosition> SendAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
        {
            Sent.Add((topic, message.ToArray()));
            return Task.FromResult(new MessagePosition(topic, 0, Sent.Count - 1));
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
