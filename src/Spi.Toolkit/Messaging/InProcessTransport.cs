using System.Collections.Concurrent;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>
/// The transport between the controller and the invoker of one process (the standalone): a receiver registers for a
/// topic (the invoker for <c>invoker&lt;N&gt;</c>, a controller for <c>completed&lt;N&gt;</c>), and a sender of the same
/// process hands it messages as objects, with no serializing and no bus in between. What no receiver of this process
/// takes goes over the bus (<see cref="ActivationSender"/>). One per process, shared by both sides.
/// </summary>
public sealed class InProcessTransport
{
    private readonly ConcurrentDictionary<string, object> receivers = new(StringComparer.Ordinal);

    /// <summary>Hands every message of type <typeparamref name="T"/> sent to <paramref name="topic"/> in this process to <paramref name="receive"/>, until the result is disposed.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="topic">The topic it takes.</param>
    /// <param name="receive">Takes a message; called on the sender's thread, its task is what the sender awaits.</param>
    /// <returns>Disposing it removes the receiver.</returns>
    /// <exception cref="InvalidOperationException">Another receiver of this process takes the topic.</exception>
    public IDisposable Receive<T>(string topic, Func<T, CancellationToken, Task> receive)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(receive);
        return receivers.TryAdd(topic, receive)
            ? new Registration(this, topic, receive)
            : throw new InvalidOperationException($"A receiver of this process already takes '{topic}'.");
    }

    /// <summary>Hands <paramref name="message"/> to the receiver of this process for <paramref name="topic"/>, if there is one.</summary>
    /// <typeparam name="T">The message type.</typeparam>
    /// <param name="topic">The topic it is sent to.</param>
    /// <param name="message">The message, handed over as it is (not copied).</param>
    /// <param name="cancellationToken">Passed to the receiver.</param>
    /// <param name="handedOver">The receiver's task, when one took it.</param>
    /// <returns><see langword="true"/> when a receiver of this process took it.</returns>
    public bool TryHandOver<T>(string topic, T message, CancellationToken cancellationToken, out Task handedOver)
        where T : class
    {
        if (!receivers.IsEmpty && receivers.TryGetValue(topic, out var receiver) && receiver is Func<T, CancellationToken, Task> receive)
        {
            handedOver = receive(message, cancellationToken);
            return true;
        }

        handedOver = Task.CompletedTask;
        return false;
    }

    private sealed class Registration(InProcessTransport owner, string topic, object receiver) : IDisposable
    {
        public void Dispose() => owner.receivers.TryRemove(new KeyValuePair<string, object>(topic, receiver));
    }
}
