using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>
/// Engine API clients over TLS in Docker's certificate layout, against a loopback TLS server that requires a client
/// certificate and answers every request as an engine answers <c>/_ping</c>.
/// </summary>
[TestFixture]
public sealed class EngineClientsTests
{
    [Test]
    public async Task Talks_to_an_engine_over_tls_with_the_client_certificate_and_the_authority_of_the_directory()
    {
        using var certificates = TlsTestCertificates.Create();
        await using var engine = FakeTlsEngine.Start(certificates.Server);
        using var client = EngineClients.Create($"tcp://127.0.0.1:{engine.Port}", "1.41", TimeSpan.FromSeconds(10), new EngineTlsOptions { CertificatePath = certificates.Directory });

        await client.System.PingAsync();

        Assert.That(engine.ClientSubjects, Is.EqualTo(new[] { "CN=invoker" }));
    }

    [Test]
    public async Task Refuses_an_engine_whose_certificate_another_authority_issued_unless_verification_is_off()
    {
        using var trusted = TlsTestCertificates.Create();
        using var other = TlsTestCertificates.Create();
        await using var engine = FakeTlsEngine.Start(other.Server);
        using var verifying = EngineClients.Create($"tcp://127.0.0.1:{engine.Port}", "1.41", TimeSpan.FromSeconds(10), new EngineTlsOptions { CertificatePath = trusted.Directory });
        using var trusting = EngineClients.Create(
            $"tcp://127.0.0.1:{engine.Port}", "1.41", TimeSpan.FromSeconds(10), new EngineTlsOptions { CertificatePath = trusted.Directory, Verify = false });

        Assert.CatchAsync<Exception>(() => verifying.System.PingAsync());
        await trusting.System.PingAsync();
    }

    [Test]
    public void A_certificate_directory_without_the_files_is_a_clear_error()
    {
        var empty = Directory.CreateTempSubdirectory("ow-tls-empty-");
        try
        {
            var error = Assert.Throws<InvalidOperationException>(() =>
                EngineClients.Create("tcp://127.0.0.1:2376", "1.41", TimeSpan.FromSeconds(1), new EngineTlsOptions { CertificatePath = empty.FullName }));

            Assert.That(error!.Message, Does.Contain(empty.FullName).And.Contain("cert.pem"));
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    /// <summary>A TLS listener on 127.0.0.1 that requires a client certificate and answers 200 "OK" to every request.</summary>
    private sealed class FakeTlsEngine : IAsyncDisposable
    {
        private readonly TcpListener listener = new(IPAddress.Loopback, 0);
        private readonly X509Certificate2 certificate;
        private readonly CancellationTokenSource stopping = new();
        private readonly List<string> clientSubjects = [];
        private Task accepting = Task.CompletedTask;

        private FakeTlsEngine(X509Certificate2 certificate) => this.certificate = certificate;

        public int Port => ((IPEndPoint)listener.LocalEndpoint).Port;

        public IReadOnlyList<string> ClientSubjects
        {
            get
            {
                lock (clientSubjects)
                {
                    return clientSubjects.Distinct().ToList();
                }
            }
        }

        public static FakeTlsEngine Start(X509Certificate2 certificate)
        {
            var engine = new FakeTlsEngine(certificate);
            engine.listener.Start();
            engine.accepting = engine.AcceptAsync();
            return engine;
        }

        public async ValueTask DisposeAsync()
        {
            await stopping.CancelAsync();
            listener.Stop();
            await accepting;
            stopping.Dispose();
        }

        private async Task AcceptAsync()
        {
            while (!stopping.IsCancellationRequested)
            {
                TcpClient connection;
                try
                {
                    connection = await listener.AcceptTcpClientAsync(stopping.Token);
                }
                catch (Exception exception) when (exception is OperationCanceledException or SocketException or ObjectDisposedException)
                {
                    return;
                }

                _ = ServeAsync(connection);
            }
        }

        private async Task ServeAsync(TcpClient connection)
        {
            using (connection)
            await using (var tls = new SslStream(connection.GetStream(), false, (_, presented, _, _) => presented is not null))
            {
                try
                {
                    await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
                    {
                        ServerCertificate = certificate,
                        ClientCertificateRequired = true,
                    });
                    lock (clientSubjects)
                    {
                        clientSubjects.Add(tls.RemoteCertificate!.Subject);
                    }

                    var buffer = new byte[8192];
                    var request = new StringBuilder();
                    // The end of the headers: Docker.DotNet ends header lines with a bare LF, then sends CR LF.
                    while (!request.ToString().Contains("\n\r\n", StringComparison.Ordinal))
                    {
                        var read = await tls.ReadAsync(buffer, stopping.Token);
                        if (read == 0)
                        {
                            return;
                        }

                        request.Append(Encoding.ASCII.GetString(buffer, 0, read));
                    }

                    await tls.WriteAsync("HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nOK"u8.ToArray(), stopping.Token);
                    await tls.FlushAsync(stopping.Token);
                    await tls.ShutdownAsync();
                }
                catch (Exception exception) when (exception is IOException or System.Security.Authentication.AuthenticationException or OperationCanceledException)
                {
                    // The client gave up (for example it refused our certificate).
                }
            }
        }
    }
}
