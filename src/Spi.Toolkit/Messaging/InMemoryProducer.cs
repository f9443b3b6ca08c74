using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>Appends messages to in-memory topics.</summary>
internal sealed class InMemoryProducer(InMemoryMessagingProvider provider, int maxMessageBytes) : IMessageProducer
{
    private bool disposed;

    public Task<MessagePosition> SendAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        if (message.Length > maxMessageBytes)
        {
            throw new MessageTooLargeException(
                $"Message of {message.Length} bytes exceeds the limit of {maxMessageBytes} bytes for topic '{topic}'.");
        }

        // Copy so that a caller reusing its buffer cannot change a message already sent.
        var offset = provider.Topic(topic).Append(message.ToArray());
        return Task.FromResult(new MessagePosition(topic, 0, offset));
    }

    public ValueTask DisposeAsync()
    {
        disposed = true;
        return ValueTask.CompletedTask;
    }
}
