using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Toolkit.Docker;
using Polly;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// The network action services join when <see cref="SwarmOptions.Networks"/> names none and
/// <see cref="SwarmOptions.IsolateActions"/> holds: a swarm-scoped bridge network (<see cref="NetworkName"/>) that takes
/// its options from a configuration-only network (<see cref="ConfigNetworkName"/>) with traffic between containers
/// disabled, so that on every node an action reaches no other action's container. Swarm does not pass a bridge's
/// options from a swarm-scoped network to the nodes; a configuration network does, and it must exist on each node:
/// the factory makes it on the engine it talks to, and operators of a multi-node swarm make it on the others. The
/// configuration names the bridge interface (<see cref="BridgeName"/>), so that the host firewall's rules, added on
/// this node, hold for the bridge the node makes once a task lands there.
/// </summary>
internal sealed partial class SwarmActionNetwork(DockerClient client, ResiliencePipeline retry, HostFirewall? firewall, ILogger logger)
{
    /// <summary>The swarm-scoped network of action services.</summary>
    public const string NetworkName = "openwhisk-swarm-actions";

    /// <summary>The node-local configuration of <see cref="NetworkName"/>.</summary>
    public const string ConfigNetworkName = "openwhisk-swarm-actions-config";

    /// <summary>The bridge interface of <see cref="NetworkName"/> on each node.</summary>
    public const string BridgeName = "ow-swarm-acts";

    private const string InterContainerOption = "com.docker.network.bridge.enable_icc";
    private readonly SemaphoreSlim gate = new(1, 1);
    private volatile bool ready;

    /// <summary>Makes sure both networks exist.</summary>
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

            var existing = (await retry.ExecuteAsync(async token => await client.Networks.ListNetworksAsync(new NetworksListParameters(), token), cancellationToken))
                .Select(n => n.Name)
                .ToHashSet(StringComparer.Ordinal);
            if (!existing.Contains(ConfigNetworkName))
            {
                await CreateAsync(
                    new NetworksCreateParameters
                    {
                        Name = ConfigNetworkName,
                        ConfigOnly = true,
                        Options = new Dictionary<string, string> { [InterContainerOption] = "false", [HostFirewall.BridgeNameOption] = BridgeName },
                        Labels = new Dictionary<string, string> { ["net.openwhisk.network"] = "actions" },
                    },
                    cancellationToken);
            }

            if (!existing.Contains(NetworkName))
            {
                await CreateAsync(
                    new NetworksCreateParameters
                    {
                        Name = NetworkName,
                        Driver = "bridge",
                        Scope = "swarm",
                        // Nothing else: the engine refuses options of its own on a network that takes its configuration.
                        ConfigFrom = new ConfigReference { Network = ConfigNetworkName },
                    },
                    cancellationToken);
                LogCreated(logger, NetworkName);
            }

            if (firewall is not null)
            {
                var config = await retry.ExecuteAsync(async token => await client.Networks.InspectNetworkAsync(ConfigNetworkName, token), cancellationToken);
                var network = await retry.ExecuteAsync(async token => await client.Networks.InspectNetworkAsync(NetworkName, token), cancellationToken);
                await firewall.GuardAsync(HostFirewall.BridgeOf(network.ID, config.Options), cancellationToken);
            }

            var nodes = (await client.Swarm.ListNodesAsync(cancellationToken)).Count();
            if (nodes > 1)
            {
                // Only this engine's configuration network could be made here: tasks on a node without it fail.
                LogEveryNode(logger, nodes, ConfigNetworkName);
            }

            ready = true;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>The network went away: it is looked for, and created, again next time.</summary>
    public void Invalidate() => ready = false;

    private async Task CreateAsync(NetworksCreateParameters parameters, CancellationToken cancellationToken)
    {
        parameters.CheckDuplicate = true;
        try
        {
            await retry.ExecuteAsync(async token => await client.Networks.CreateNetworkAsync(parameters, token), cancellationToken);
        }
        catch (DockerApiException exception) when (exception.StatusCode == System.Net.HttpStatusCode.Conflict)
        {
            // Another invoker created it meanwhile.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The swarm has {Nodes} nodes: each needs the configuration network {ConfigNetwork} (docker network create --config-only -o com.docker.network.bridge.enable_icc=false -o com.docker.network.bridge.name=ow-swarm-acts {ConfigNetwork}) and the host firewall's rules on that bridge, or action services placed there fail; Swarm:IsolateActions=false turns the isolation off")]
    private static partial void LogEveryNode(ILogger logger, int nodes, string configNetwork);

    [LoggerMessage(Level = LogLevel.Information, Message = "Created swarm network {Network} for action services (no traffic between containers)")]
    private static partial void LogCreated(ILogger logger, string network);
}
