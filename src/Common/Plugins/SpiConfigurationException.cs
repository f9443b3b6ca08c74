namespace OpenWhisk.Common.Plugins;

/// <summary>
/// The configuration names an implementation that is not installed, or two implementations claim one name.
/// Thrown at startup.
/// </summary>
public sealed class SpiConfigurationException : Exception
{
    public SpiConfigurationException()
    {
    }

    public SpiConfigurationException(string message)
        : base(message)
    {
    }

    public SpiConfigurationException(string message, Exception? innerException)
        : base(message, innerException)
    {
    }
}
