using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using OpenWhisk.Invoker.Tests.Support;

namespace OpenWhisk.Invoker.Tests.Runtimes;

/// <summary>One of our action proxies run as a plain process on a loopback port, for protocol tests without a container.</summary>
internal static class ProxyProcess
{
    /// <summary>
    /// Starts <paramref name="script"/> of <c>runtimes/<paramref name="runtime"/></c> with <paramref name="interpreter"/>,
    /// listening on <paramref name="port"/>, with <paramref name="environment"/> added; what it writes to its standard
    /// output and error goes to <paramref name="output"/>.
    /// </summary>
    public static Process Start(
        string interpreter, string runtime, string script, int port, IReadOnlyDictionary<string, string>? environment = null, Action<string>? output = null)
    {
        var info = new ProcessStartInfo(interpreter, [Path.Combine(RepositoryPaths.Root, "runtimes", runtime, script)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        info.Environment["__OW_PROXY_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }
        try
        {
            var process = Process.Start(info)!;
            process.OutputDataReceived += (_, line) => { if (line.Data is { } data) { output?.Invoke(data); } };
            process.ErrorDataReceived += (_, line) => { if (line.Data is { } data) { output?.Invoke(data); } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            return process;
        }
        catch (System.ComponentModel.Win32Exception) when (Environment.GetEnvironmentVariable("CI") is null)
        {
            Assert.Ignore(interpreter + " is not installed (CI has it)");
            throw;
        }
    }

    public static async Task WaitForListenerAsync(int port)
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

    public static async Task<string> ReadStatusLineAsync(NetworkStream stream)
    {
        var buffer = new byte[1024];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        return Encoding.ASCII.GetString(buffer, 0, read).Split("\r\n")[0] + " ";
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
