using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Toolkit.Docker;
using Polly;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// The network action containers join: created once when missing, as a bridge network on which containers cannot
/// reach each other (inter-container communication disabled); Docker's own networks are used as they are. A network
/// other than Docker's own gets the host firewall's rules on its bridge (see <see cref="HostFirewall"/>) each time it
/// is found or made.
/// </summary>
internal sealed partial class ActionNetwork(DockerClient client, string name, ResiliencePipeline retry, HostFirewall? firewall, ILogger logger)
{
    /// <summary>The bridge driver option that disables traffic between the network's containers.</summary>
    public const string InterContainerOption = "com.docker.network.bridge.enable_icc";

    private static readonly HashSet<string> DockerNetworks = new(StringComparer.Ordinal) { "bridge", "host", "none", "default" };
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool ready = DockerNetworks.Contains(name) || name.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>Makes sure the network exists.</summary>
    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (ready)
        {
            return;
        }

        await gate.WaitAsync(cancellationToken);
        try
        {
            if (ready)
            {
                return;
            }

            var existing = await retry.ExecuteAsync(
                async token => await client.Networks.ListNetworksAsync(
                    new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } } },
                    token),
                cancellationToken);
            if (!existing.Any(n => n.Name == name))
            {
                await CreateAsync(cancellationToken);
                await SettleDuplicatesAsync(cancellationToken);
            }

            await GuardAsync(cancellationToken);
            ready = true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The network went away (pruned, removed by hand): it is looked for, and created, again next time.</summary>
    public void Invalidate() => ready = DockerNetworks.Contains(name) || name.StartsWith("container:", StringComparison.Ordinal);

    /// <summary>
    /// Two invokers creating the network at once on an engine that checks duplicate names only on a best-effort basis
    /// may make two: every creator keeps the oldest and removes the others, so all settle on the same one.
    /// </summary>
    private async Task SettleDuplicatesAsync(CancellationToken cancellationToken)
    {
        var same = (await client.Networks.ListNetworksAsync(
                new NetworksListParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["name"] = new Dictionary<string, bool> { [name] = true } } },
                cancellationToken))
            .Where(n => n.Name == name)
            .OrderBy(n => n.Created)
            .ThenBy(n => n.ID, StringComparer.Ordinal)
            .ToList();
        foreach (var duplicate in same.Skip(1))
        {
            try
            {
                await client.Networks.DeleteNetworkAsync(duplicate.ID, cancellationToken);
            }
            catch (DockerApiException)
            {
                // Already removed by the other creator, or in use: the oldest is what everyone uses from now on.
            }
        }
    }

    /// <summary>Adds the firewall's rules on the network's bridge interface.</summary>
    private async Task GuardAsync(CancellationToken cancellationToken)
    {
        if (firewall is null)
        {
            return;
        }

        var network = await retry.ExecuteAsync(async token => await client.Networks.InspectNetworkAsync(name, token), cancellationToken);
        if (network.Driver != "bridge")
        {
            return;
        }

        await firewall.GuardAsync(HostFirewall.BridgeOf(network.ID, network.Options), cancellationToken);
    }

    private async Task CreateAsync(CancellationToken cancellationToken)
    {
        try
        {
            await client.Networks.CreateNetworkAsync(
                new NetworksCreateParameters
                {
                    Name = name,
                    Driver = "bridge",
                    CheckDuplicate = true,
                    Options = new Dictionary<string, string> { [InterContainerOption] = "false" },
                    Labels = new Dictionary<string, string> { ["net.openwhisk.network"] = "actions" },
                },
                cancellationToken);
            LogCreated(logger, name);
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another invoker of this engine created it meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created network {Network} for action containers (no traffic between containers)")]
    private static partial void LogCreated(ILogger logger, string network);
}
