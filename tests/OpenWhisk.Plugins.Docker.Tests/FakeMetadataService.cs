using System.Diagnostics;
using System.Net.Sockets;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>
/// A stand-in for a cloud metadata service: an HTTP server on <c>169.254.169.254:80</c> inside a network namespace
/// of the test's own, joined to the host by a veth pair, so that containers reach it through the host's forwarding
/// as they would reach a real one. Needs root, <c>ip</c> and <c>python3</c>.
/// </summary>
internal sealed class FakeMetadataService : IAsyncDisposable
{
    public const string Address = "169.254.169.254";
    private const string Namespace = "owmeta";
    private const string HostSide = "owmeta0";
    private const string InsideSide = "owmeta1";
    private Process? server;

    private FakeMetadataService()
    {
    }

    public static async Task<FakeMetadataService> StartAsync()
    {
        var service = new FakeMetadataService();
        try
        {
            // Leftovers of a run that was killed.
            await RunAsync("ip", "netns", "delete", Namespace).ContinueWith(_ => { }, TaskScheduler.Default);
            await RunAsync("ip", "link", "delete", HostSide).ContinueWith(_ => { }, TaskScheduler.Default);

            await RunAsync("ip", "netns", "add", Namespace);
            await RunAsync("ip", "link", "add", HostSide, "type", "veth", "peer", "name", InsideSide);
            await RunAsync("ip", "link", "set", InsideSide, "netns", Namespace);
            await RunAsync("ip", "addr", "add", "169.254.169.253/30", "dev", HostSide);
            await RunAsync("ip", "link", "set", HostSide, "up");
            await RunAsync("ip", "netns", "exec", Namespace, "ip", "addr", "add", Address + "/30", "dev", InsideSide);
            await RunAsync("ip", "netns", "exec", Namespace, "ip", "link", "set", InsideSide, "up");
            await RunAsync("ip", "netns", "exec", Namespace, "ip", "link", "set", "lo", "up");
            // No default route inside: containers' connections arrive masqueraded as the host's side of the pair, and the
            // server's lookup of its own name fails at once instead of waiting for a DNS server it cannot reach.
            service.server = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", Namespace, "python3", "-m", "http.server", "80", "--bind", Address])
            {
                RedirectStandardError = true,
                RedirectStandardOutput = true,
            })!;
            await service.WaitUntilListeningAsync();
            return service;
        }
        catch
        {
            await service.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (server is { HasExited: false })
        {
            server.Kill(entireProcessTree: true);
            await server.WaitForExitAsync();
        }

        server?.Dispose();
        await RunAsync("ip", "link", "delete", HostSide).ContinueWith(_ => { }, TaskScheduler.Default);
        await RunAsync("ip", "netns", "delete", Namespace).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WaitUntilListeningAsync()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(Address, 80).WaitAsync(TimeSpan.FromSeconds(1));
                return;
            }
            catch (Exception exception) when (exception is SocketException or TimeoutException)
            {
                await Task.Delay(100);
            }
        }

        var exited = server!.HasExited ? "exited: " + await server.StandardError.ReadToEndAsync() : "still running";
        throw new InvalidOperationException("The fake metadata service did not start listening (" + exited + ").");
    }

    private static async Task RunAsync(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        var errors = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {errors}");
        }
    }
}
