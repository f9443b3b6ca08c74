namespace OpenWhisk.Spi.Messaging;

/// <summary>Sends messages to topics.</summary>
public interface IMessageProducer : IAsyncDisposable
{
    /// <summary>Sends one message and waits until the bus has accepted it.</summary>
    /// <param name="topic">The topic.</param>
    /// <param name="message">The message bytes (UTF-8 JSON).</param>
    /// <param name="cancellationToken">Cancels the wait; the message may still be delivered.</param>
    /// <returns>Where the message was stored.</returns>
    /// <exception cref="MessageTooLargeException">The message exceeds the bus's size limit.</exception>
    /// <exception cref="MessagingException">The bus did not accept the message.</exception>
    Task<MessagePosition> SendAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken);
}
