using System.Diagnostics;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Spi.Toolkit.Docker;

/// <summary>
/// Keeps action containers away from the host and from addresses they must never reach (cloud metadata services),
/// with iptables rules on the action network's bridge: new connections from the bridge to the host itself are
/// refused (the INPUT chain; replies to connections the platform opens are not new), and connections through the
/// host to the blocked destinations are refused before Docker's own forwarding rules (the <c>DOCKER-USER</c> chain,
/// or <c>FORWARD</c> where Docker keeps none). Actions reach the platform's API through the relay's Unix socket, not
/// the host's network, when the API's address is a loopback one; an API address of the host's own stays open to them.
/// Rules are added once (checked first) and left in place. Needs root and <c>iptables</c> on the engine's host.
/// </summary>
public sealed partial class HostFirewall
{
    /// <summary>The bridge driver option that names the bridge interface (absent: <c>br-</c> and the id's first 12 digits).</summary>
    public const string BridgeNameOption = "com.docker.network.bridge.name";

    /// <summary>Where cloud metadata services answer.</summary>
    public const string LinkLocal = "169.254.0.0/16";

    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);
    private readonly bool blockHost;
    private readonly IReadOnlyList<string> blockedDestinations;
    private readonly IReadOnlyList<(string Address, int Port)> allowedServices;
    private readonly string settings;
    private readonly ILogger logger;

    private HostFirewall(bool blockHost, IReadOnlyList<string> blockedDestinations, IReadOnlyList<(string Address, int Port)> allowedServices, string settings, ILogger logger)
    {
        this.blockHost = blockHost;
        this.blockedDestinations = blockedDestinations;
        this.allowedServices = allowedServices;
        this.settings = settings;
        this.logger = logger;
    }

    /// <summary>
    /// The firewall of an action network, or null when there is nothing to do: only for an engine on this host (a
    /// <c>unix://</c> endpoint), whose bridges are this host's. An API address that is not relayed stays reachable
    /// (it may be one of this host's addresses).
    /// </summary>
    /// <param name="endpoint">The engine's endpoint.</param>
    /// <param name="blockHost">Whether new connections to the host itself are refused.</param>
    /// <param name="blockLinkLocal">Whether <see cref="LinkLocal"/> is refused.</param>
    /// <param name="blockedDestinations">More destinations (addresses or CIDR ranges) to refuse.</param>
    /// <param name="api">How actions reach the platform's API.</param>
    /// <param name="settings">The settings section that turns the rules off, for the warning when they cannot be added (<c>Docker</c>).</param>
    /// <param name="logger">The logger.</param>
    /// <returns>The firewall, or null.</returns>
    public static HostFirewall? For(string endpoint, bool blockHost, bool blockLinkLocal, IEnumerable<string> blockedDestinations, PlatformApiAccess api, string settings, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        ArgumentNullException.ThrowIfNull(api);
        var destinations = (blockLinkLocal ? [LinkLocal] : Array.Empty<string>()).Concat(blockedDestinations).ToList();
        if (!endpoint.StartsWith("unix://", StringComparison.Ordinal) || (!blockHost && destinations.Count == 0))
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

        return new HostFirewall(blockHost, destinations, allowed, settings, logger);
    }

    /// <summary>The bridge interface of a bridge network on this host.</summary>
    /// <param name="networkId">The network's id.</param>
    /// <param name="options">The network's driver options.</param>
    /// <returns>The interface name.</returns>
    public static string BridgeOf(string networkId, IDictionary<string, string>? options)
    {
        ArgumentNullException.ThrowIfNull(networkId);
        return options is not null && options.TryGetValue(BridgeNameOption, out var named) && named.Length > 0 ? named : "br-" + networkId[..12];
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
    /// <param name="bridge">The bridge interface.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
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
            LogUnguarded(logger, bridge, string.Join("; ", failures), settings);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not add every firewall rule for action containers on {Bridge} ({Reason}): actions may reach the host or the blocked destinations. Run the invoker as root with iptables installed, or set {Settings}:BlockHostAccess=false, {Settings}:BlockLinkLocal=false and {Settings}:BlockedDestinations=[] to accept that.")]
    private static partial void LogUnguarded(ILogger logger, string bridge, string reason, string settings);
}
