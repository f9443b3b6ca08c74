using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>A throwaway authority with a server certificate for 127.0.0.1 and a client certificate, in Docker's PEM layout.</summary>
internal sealed class TlsTestCertificates : IDisposable
{
    private TlsTestCertificates(string directory, X509Certificate2 server)
    {
        Directory = directory;
        Server = server;
    }

    /// <summary>Gets the directory with <c>ca.pem</c>, <c>cert.pem</c> and <c>key.pem</c>.</summary>
    public string Directory { get; }

    /// <summary>Gets the engine's certificate, with its key.</summary>
    public X509Certificate2 Server { get; }

    public static TlsTestCertificates Create()
    {
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=OpenWhisk.NET test CA", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = authorityRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(1));

        var directory = Path.Combine(Path.GetTempPath(), "ow-tls-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, "ca.pem"), authority.ExportCertificatePem());

        using var clientKey = RSA.Create(2048);
        using (var client = Issue(authority, "CN=invoker", clientKey, new Oid("1.3.6.1.5.5.7.3.2"), san: null))
        {
            File.WriteAllText(Path.Combine(directory, "cert.pem"), client.ExportCertificatePem());
            File.WriteAllText(Path.Combine(directory, "key.pem"), clientKey.ExportPkcs8PrivateKeyPem());
        }

        var serverKey = RSA.Create(2048);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        using var issued = Issue(authority, "CN=127.0.0.1", serverKey, new Oid("1.3.6.1.5.5.7.3.1"), names.Build());
        using var withKey = issued.CopyWithPrivateKey(serverKey);
        var server = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
        return new TlsTestCertificates(directory, server);
    }

    public void Dispose()
    {
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private static X509Certificate2 Issue(X509Certificate2 authority, string subject, RSA key, Oid usage, X509Extension? san)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([usage], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        return request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddHours(12), Guid.NewGuid().ToByteArray()[..8]);
    }
}
