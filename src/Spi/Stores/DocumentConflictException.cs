namespace OpenWhisk.Spi.Stores;

/// <summary>A write lost a race: the document exists (create) or changed since it was read (update).</summary>
public sealed class DocumentConflictException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DocumentConflictException"/> class.</summary>
    public DocumentConflictException()
        : base("Concurrent modification to resource detected.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocumentConflictException"/> class.</summary>
    /// <param name="message">The message.</param>
    public DocumentConflictException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocumentConflictException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public DocumentConflictException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
