using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Keeps action containers away from the host and from addresses they must never reach (cloud metadata services),
/// with iptables rules on the action network's bridge: new connections from the bridge to the host itself are
/// refused (the INPUT chain; replies to connections the platform opens are not new), and connections through the
/// host to the blocked destinations are refused before Docker's own forwarding rules (the <c>DOCKER-USER</c> chain,
/// or <c>FORWARD</c> where Docker keeps none). Actions reach the platform's API through the relay's Unix socket, not
/// the host's network, so they lose nothing they need. Rules are added once (checked first) and left in place.
/// </summary>
internal sealed partial class HostFirewall(bool blockHost, IReadOnlyList<string> blockedDestinations, ILogger logger)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Adds the rules for one bridge interface; a failure is logged, and the containers run unguarded.</summary>
    /// <returns>Whether every rule is in place.</returns>
    public async Task<bool> GuardAsync(string bridge, CancellationToken cancellationToken)
    {
        if (!blockHost && blockedDestinations.Count == 0)
        {
            return true;
        }

        try
        {
            if (blockHost)
            {
                await EnsureRuleAsync("INPUT", ["-i", bridge, "-m", "conntrack", "--ctstate", "NEW", "-j", "REJECT"], cancellationToken);
            }

            var forward = await RunAsync(["-w", "-n", "-L", "DOCKER-USER"], cancellationToken) == 0 ? "DOCKER-USER" : "FORWARD";
            foreach (var destination in blockedDestinations)
            {
                await EnsureRuleAsync(forward, ["-i", bridge, "-d", destination, "-j", "REJECT"], cancellationToken);
            }

            LogGuarded(logger, bridge, blockHost, string.Join(", ", blockedDestinations));
            return true;
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogUnguarded(logger, bridge, exception.Message);
            return false;
        }
    }

    private async Task EnsureRuleAsync(string chain, string[] rule, CancellationToken cancellationToken)
    {
        if (await RunAsync(["-w", "-C", chain, .. rule], cancellationToken) == 0)
        {
            return;
        }

        var inserted = await RunAsync(["-w", "-I", chain, "1", .. rule], cancellationToken);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not add the firewall rules for action containers on {Bridge} ({Reason}): actions can reach the host and the blocked destinations. Run the invoker as root with iptables installed, or set Docker:BlockHostAccess=false and Docker:BlockedDestinations=[] to accept that.")]
    private static partial void LogUnguarded(ILogger logger, string bridge, string reason);
}
