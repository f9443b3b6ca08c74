namespace OpenWhisk.Spi.Containers;

/// <summary>Where a container's action proxy listens.</summary>
/// <param name="Host">The host name or IP address, normally <c>127.0.0.1</c> with a published port.</param>
/// <param name="Port">The TCP port.</param>
public sealed record ContainerAddress(string Host, int Port)
{
    /// <inheritdoc />
    public override string ToString() => Host + ":" + Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
