namespace OpenWhisk.Spi.Stores;

/// <summary>
/// The store cannot hold this document as it is (text or nesting it cannot represent, a value beyond its limits);
/// writing it again will not help, unlike a <see cref="StoreUnavailableException"/>. The API answers 400; an
/// activation record refused this way is replaced by a substitute that says why.
/// </summary>
public sealed class DocumentRefusedException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="DocumentRefusedException"/> class.</summary>
    public DocumentRefusedException()
        : base("The store cannot hold this document.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocumentRefusedException"/> class.</summary>
    /// <param name="message">What the store cannot hold.</param>
    public DocumentRefusedException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="DocumentRefusedException"/> class.</summary>
    /// <param name="message">What the store cannot hold.</param>
    /// <param name="innerException">The store's own error.</param>
    public DocumentRefusedException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
