using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Keeps action containers away from the host and from addresses they must never reach (cloud metadata services),
/// with iptables rules on the action network's bridge: new connections from the bridge to the host itself are
/// refused (the INPUT chain; replies to connections the platform opens are not new), and connections through the
/// host to the blocked destinations are refused before Docker's own forwarding rules (the <c>DOCKER-USER</c> chain,
/// or <c>FORWARD</c> where Docker keeps none). Actions reach the platform's API through the relay's Unix socket, not
/// the host's network when the API's address is a loopback one (the relay); an API address of the host's own
/// (<paramref name="allowedServices"/>) stays open to them. Rules are added once (checked first) and left in place.
/// </summary>
internal sealed partial class HostFirewall(bool blockHost, IReadOnlyList<string> blockedDestinations, IReadOnlyList<(string Address, int Port)> allowedServices, ILogger logger)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// The firewall of the action network: only for an engine on this host, whose bridges are this host's. An API
    /// address that is not relayed stays reachable (it may be one of this host's addresses).
    /// </summary>
    public static HostFirewall? For(DockerOptions options, PlatformApiAccess api, ILogger logger)
    {
        var destinations = (options.BlockLinkLocal ? ["169.254.0.0/16"] : Array.Empty<string>()).Concat(options.BlockedDestinations).ToList();
        var local = options.Endpoint.StartsWith("unix://", StringComparison.Ordinal);
        if (!local || (!options.BlockHostAccess && destinations.Count == 0))
        {
            return null;
        }

        var allowed = new List<(string, int)>();
        if (api.Relay is null && Uri.TryCreate(api.ApiHost, UriKind.Absolute, out var apiUri))
        {
            var addresses = System.Net.IPAddress.TryParse(apiUri.Host, out var literal) ? [literal] : ResolveQuietly(apiUri.DnsSafeHost);
            allowed.AddRange(addresses
                .Where(a => a.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
                .Select(a => (a.ToString(), apiUri.Port)));
        }

        return new HostFirewall(options.BlockHostAccess, destinations, allowed, logger);
    }

    private static System.Net.IPAddress[] ResolveQuietly(string host)
    {
        try
        {
            return System.Net.Dns.GetHostAddresses(host);
        }
        catch (System.Net.Sockets.SocketException)
        {
            return [];
        }
    }

    /// <summary>Adds the rules for one bridge interface; a rule that cannot be added is logged, and the others still are.</summary>
    /// <returns>Whether every rule is in place.</returns>
    public async Task<bool> GuardAsync(string bridge, CancellationToken cancellationToken)
    {
        var failures = new List<string>();
        async Task TryAsync(Func<Task> add)
        {
            try
            {
                await add();
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                failures.Add(exception.Message);
            }
        }

        if (blockHost)
        {
            await TryAsync(() => EnsureRuleAsync("INPUT", ["-i", bridge, "-m", "conntrack", "--ctstate", "NEW", "-j", "REJECT"], cancellationToken));

            // Above the refusal: moved to the top each time, so that it stays above a refusal added after it.
            foreach (var (address, port) in allowedServices)
            {
                string[] allow = ["-i", bridge, "-p", "tcp", "-d", address, "--dport", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "-j", "ACCEPT"];
                await TryAsync(async () =>
                {
                    await RunAsync(["-w", "5", "-D", "INPUT", .. allow], cancellationToken);
                    await InsertAsync("INPUT", allow, cancellationToken);
                });
            }
        }

        var forward = "FORWARD";
        await TryAsync(async () => forward = await RunAsync(["-w", "5", "-n", "-L", "DOCKER-USER"], cancellationToken) == 0 ? "DOCKER-USER" : "FORWARD");
        foreach (var destination in blockedDestinations)
        {
            await TryAsync(() => EnsureRuleAsync(forward, ["-i", bridge, "-d", destination, "-j", "REJECT"], cancellationToken));
        }

        if (failures.Count > 0)
        {
            LogUnguarded(logger, bridge, string.Join("; ", failures));
            return false;
        }

        LogGuarded(logger, bridge, blockHost, string.Join(", ", blockedDestinations));
        return true;
    }

    private static async Task EnsureRuleAsync(string chain, string[] rule, CancellationToken cancellationToken)
    {
        if (await RunAsync(["-w", "5", "-C", chain, .. rule], cancellationToken) != 0)
        {
            await InsertAsync(chain, rule, cancellationToken);
        }
    }

    private static async Task InsertAsync(string chain, string[] rule, CancellationToken cancellationToken)
    {
        var inserted = await RunAsync(["-w", "5", "-I", chain, "1", .. rule], cancellationToken);
        if (inserted != 0)
        {
            throw new InvalidOperationException($"iptables -I {chain} {string.Join(' ', rule)} exited with {inserted}");
        }
    }

    private static async Task<int> RunAsync(string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("iptables") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("iptables did not start");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        await Task.WhenAll(output, errors);
        return process.ExitCode;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Action containers on {Bridge}: host unreachable {BlockHost}, destinations refused: {Destinations}")]
    private static partial void LogGuarded(ILogger logger, string bridge, bool blockHost, string destinations);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not add every firewall rule for action containers on {Bridge} ({Reason}): actions may reach the host or the blocked destinations. Run the invoker as root with iptables installed, or set Docker:BlockHostAccess=false and Docker:BlockedDestinations=[] to accept that.")]
    private static partial void LogUnguarded(ILogger logger, string bridge, string reason);
}
