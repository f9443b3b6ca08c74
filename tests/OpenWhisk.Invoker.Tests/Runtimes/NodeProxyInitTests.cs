using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenWhisk.Invoker.Tests.Support;

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
        var port = FreePort();
        using var proxy = StartProxy(port);
        try
        {
            await WaitForListenerAsync(port);
            const string body = """{"value":{"name":"a","main":"main","code":"function main() { return {}; }"}}""";
            using var slow = new TcpClient();
            await slow.ConnectAsync(IPAddress.Loopback, port);
            var stream = slow.GetStream();
            await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /init HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\n\r\n{body[..10]}"));
            await Task.Delay(300);

            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            using var second = await client.PostAsync("/init", new StringContent(body, Encoding.UTF8, "application/json"));
            await stream.WriteAsync(Encoding.ASCII.GetBytes(body[10..]));
            var first = await ReadStatusLineAsync(stream);

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

    private static Process StartProxy(int port)
    {
        var info = new ProcessStartInfo("node", [Path.Combine(RepositoryPaths.Root, "runtimes", "nodejs", "proxy.js")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["__OW_PROXY_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, _) => { };
            process.ErrorDataReceived += (_, _) => { };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception) when (Environment.GetEnvironmentVariable("CI") is null)
        {
            Assert.Ignore("node is not installed (CI has it)");
            throw;
        }
    }

    private static async Task WaitForListenerAsync(int port)
    {
        for (var i = 0; i < 100; i++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(50);
            }
        }

        Assert.Fail("the proxy did not listen within 5 s");
    }

    private static async Task<string> ReadStatusLineAsync(NetworkStream stream)
    {
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0] + " ";
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
