using System.Net;
using System.Net.Sockets;
using System.Text;

namespace OpenWhisk.Invoker.Tests.Runtimes;

/// <summary>
/// Our Node.js action proxy run as a plain process: of two <c>/init</c> calls that overlap (the first still sending
/// its body), only one initializes the container; the other is refused as OpenWhisk's proxies refuse a second init.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class NodeProxyInitTests
{
    [Test]
    public async Task Of_two_overlapping_inits_only_the_first_initializes()
    {
        var port = ProxyProcess.FreePort();
        using var proxy = ProxyProcess.Start("node", "nodejs", "proxy.js", port);
        try
        {
            await ProxyProcess.WaitForListenerAsync(port);
            const string body = """{"value":{"name":"a","main":"main","code":"function main() { return {}; }"}}""";
            using var slow = new TcpClient();
            await slow.ConnectAsync(IPAddress.Loopback, port);
            var stream = slow.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /init HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body[..10]}"));
            await Task.Delay(300);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var second = await client.PostAsync("/init", new StringContent(body, Encoding.UTF8, "application/json"));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(body[10..]));
            var first = await ProxyProcess.ReadStatusLineAsync(stream);

            Assert.Multiple(() =>
            {
                Assert.That((int)second.StatusCode, Is.EqualTo(403), "the second init is refused while the first one is under way");
                Assert.That(first, Does.Contain(" 200 "), "the first init succeeds");
            });
        }
        finally
        {
            proxy.Kill(entireProcessTree: true);
        }
    }
}
