namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>No invoker can take an activation now; the API answers 503.</summary>
public sealed class LoadBalancerUnavailableException : Exception
{
    /// <summary>Initializes a new instance of the <see cref="LoadBalancerUnavailableException"/> class.</summary>
    public LoadBalancerUnavailableException()
        : base("No invokers available.")
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadBalancerUnavailableException"/> class.</summary>
    /// <param name="message">The message.</param>
    public LoadBalancerUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Initializes a new instance of the <see cref="LoadBalancerUnavailableException"/> class.</summary>
    /// <param name="message">The message.</param>
    /// <param name="innerException">The cause.</param>
    public LoadBalancerUnavailableException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
