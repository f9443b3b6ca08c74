namespace OpenWhisk.Spi.Toolkit.Docker;

/// <summary>
/// TLS to a remote Engine API (a Swarm manager or a remote engine on <c>tcp://host:2376</c>), in Docker's own layout:
/// a directory holding <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c>, as <c>DOCKER_CERT_PATH</c> names it for the
/// docker CLI.
/// </summary>
public sealed class EngineTlsOptions
{
    /// <summary>
    /// Gets or sets the directory with <c>cert.pem</c> and <c>key.pem</c> (the client certificate and its key) and
    /// <c>ca.pem</c> (the authority the engine's certificate must chain to). Unset: no TLS.
    /// </summary>
    public string? CertificatePath { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether the engine's certificate is checked against <c>ca.pem</c> (Docker's
    /// <c>--tlsverify</c>). Default true; false only for a test cluster.
    /// </summary>
    public bool Verify { get; set; } = true;
}
