namespace OpenWhisk.Spi.Messaging;

/// <summary>The message bus failed; <see cref="IsTransient"/> tells whether retrying may help.</summary>
public class MessagingException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="MessagingException"/> class.</summary>
    public MessagingException()
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessagingException"/> class.</summary>
    /// <param name="message">The message.</param>
    public MessagingException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessagingException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public MessagingException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="MessagingException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="isTransient">Whether retrying may help.</param>
    /// <param name="innerException">The cause.</param>
    public MessagingException(string message, bool isTransient, Exception? innerException = null)
        : base(message, innerException)
    {
        IsTransient = isTransient;
    }

    /// <summary>Gets a value indicating whether retrying may help (for example the broker is unreachable).</summary>
    public bool IsTransient { get; }
}
