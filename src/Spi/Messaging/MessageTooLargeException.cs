namespace OpenWhisk.Spi.Messaging;

/// <summary>A message exceeds the bus's size limit.</summary>
public sealed class MessageTooLargeException : MessagingException
{
    /// <summary>Initializes a new instance of the <see cref="MessageTooLargeException"/> class.</summary>
    public MessageTooLargeException()
        : base("The message is larger than the bus accepts.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessageTooLargeException"/> class.</summary>
    /// <param name="message">The message.</param>
    public MessageTooLargeException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessageTooLargeException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MessageTooLargeException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
