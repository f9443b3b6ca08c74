namespace OpenWhisk.Spi.Containers;

/// <summary>
/// A container could not be created or started. Reported as a developer error when the user is at fault
/// (for example a blackbox image that does not exist) and as a whisk error otherwise.
/// </summary>
public sealed class ContainerStartupException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="ContainerStartupException"/> class.</summary>
    public ContainerStartupException()
        : this("Failed to provision resources to run the action.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContainerStartupException"/> class.</summary>
    /// <param name="message">The message shown to the user.</param>
    public ContainerStartupException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContainerStartupException"/> class.</summary>
    /// <param name="message">The message shown to the user.</param>
    /// <param name="innerException">The cause.</param>
    public ContainerStartupException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="ContainerStartupException"/> class.</summary>
    /// <param name="message">The message shown to the user.</param>
    /// <param name="isDeveloperError">Whether the user's input caused the failure.</param>
    /// <param name="innerException">The cause.</param>
    public ContainerStartupException(string message, bool isDeveloperError, Exception? innerException = null)
        : base(message, innerException)
    {
        IsDeveloperError = isDeveloperError;
    }

    /// <summary>Gets a value indicating whether the user's input (for example the image name) caused the failure.</summary>
    public bool IsDeveloperError { get; }
}
