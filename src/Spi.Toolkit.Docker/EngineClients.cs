using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Docker.DotNet;
using Docker.DotNet.X509;

namespace OpenWhisk.Spi.Toolkit.Docker;

/// <summary>Creates Engine API clients: a local socket, or a remote engine over TCP with Docker's TLS layout.</summary>
public static class EngineClients
{
    /// <summary>Creates a client for <paramref name="endpoint"/>.</summary>
    /// <param name="endpoint"><c>unix:///var/run/docker.sock</c>, <c>tcp://manager:2376</c>, …</param>
    /// <param name="apiVersion">The Engine API version to speak, for example <c>1.41</c>.</param>
    /// <param name="timeout">The timeout of one call.</param>
    /// <param name="tls">TLS settings; used when <see cref="EngineTlsOptions.CertificatePath"/> is set.</param>
    /// <returns>The client.</returns>
    /// <exception cref="InvalidOperationException">A certificate file is missing or unreadable.</exception>
    public static DockerClient Create(string endpoint, string apiVersion, TimeSpan timeout, EngineTlsOptions? tls = null)
    {
        var uri = new Uri(endpoint);
        var configuration = string.IsNullOrEmpty(tls?.CertificatePath)
            ? new DockerClientConfiguration(uri, defaultTimeout: timeout)
            : new DockerClientConfiguration(uri, Credentials(tls), defaultTimeout: timeout);
        return configuration.CreateClient(Version.Parse(apiVersion));
    }

    private static CertificateCredentials Credentials(EngineTlsOptions tls)
    {
        var directory = tls.CertificatePath!;
        var certificate = Load(directory, () =>
        {
            using var pem = X509Certificate2.CreateFromPemFile(Path.Combine(directory, "cert.pem"), Path.Combine(directory, "key.pem"));

            // SslStream on Linux wants the key in a PKCS#12 store rather than an ephemeral PEM key.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        });
        var credentials = new CertificateCredentials(certificate);
        if (tls.Verify)
        {
            var authority = Load(directory, () => X509CertificateLoader.LoadCertificateFromFile(Path.Combine(directory, "ca.pem")));
            credentials.ServerCertificateValidationCallback = (_, presented, _, errors) => ChainsTo(authority, presented, errors);
        }
        else
        {
            credentials.ServerCertificateValidationCallback = (_, _, _, _) => true;
        }

        return credentials;
    }

    /// <summary>Whether the engine's certificate is valid and chains to <paramref name="authority"/> alone.</summary>
    private static bool ChainsTo(X509Certificate2 authority, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            return false;
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var certificate = new X509Certificate2(presented);
        return chain.Build(certificate);
    }

    private static T Load<T>(string directory, Func<T> load)
    {
        try
        {
            return load();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new InvalidOperationException(
                $"The Engine API's TLS certificates in '{directory}' (ca.pem, cert.pem, key.pem) could not be read: {exception.Message}", exception);
        }
    }
}
