using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>
/// Sends activation messages and acknowledgements to a topic: handed over as objects when a receiver of this process
/// takes the topic (<see cref="InProcessTransport"/>), otherwise serialized and sent over the bus. The lean balancer
/// and the invoker send through it, so neither needs to know whether the other runs in its process.
/// </summary>
/// <param name="producer">The bus's producer, for what no receiver of this process takes.</param>
/// <param name="transport">This process's transport.</param>
public sealed class ActivationSender(IMessageProducer producer, InProcessTransport transport)
{
    /// <summary>Sends <paramref name="message"/> to <paramref name="topic"/>.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="topic">The topic.</param>
    /// <param name="message">The message.</param>
    /// <param name="cancellationToken">Cancels sending (and is passed to a receiver of this process).</param>
    /// <returns>A task that completes when the bus accepted the message, or when the receiver of this process took it.</returns>
    /// <exception cref="MessageTooLargeException">The bus refuses a message that large (never in process).</exception>
    public Task SendAsync<T>(string topic, T message, CancellationToken cancellationToken)
        where T : class =>
        transport.TryHandOver(topic, message, cancellationToken, out var handedOver)
            ? handedOver
            : producer.SendAsync(topic, MessageSerializer.Serialize(message), cancellationToken);
}
