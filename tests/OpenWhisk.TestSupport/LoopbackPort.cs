using System.Net;
using System.Net.Sockets;

namespace OpenWhisk.TestSupport;

/// <summary>Picks loopback ports for the services that tests and benchmarks start.</summary>
public static class LoopbackPort
{
    /// <summary>
    /// A free loopback port below the kernel's ephemeral range (32768 and up), where Docker publishes containers'
    /// ports and clients bind theirs: a port picked there can be taken by a container before the service binds it.
    /// </summary>
    public static int Free()
    {
        for (var attempt = 0; attempt < 500; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            try
            {
                using var probe = new TcpListener(IPAddress.Loopback, port);
                probe.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken: try another.
            }
        }

        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
