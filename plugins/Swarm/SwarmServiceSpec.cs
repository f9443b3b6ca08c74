using System.Text;
using Docker.DotNet.Models;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Containers;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>
/// The Swarm service of one action container: one replica that is never restarted, memory limited and reserved at
/// the action's memory, hardened like the Docker factory's containers as far as services allow, labelled with owner,
/// kind and action, and its action-proxy port published in host mode on a port the node picks.
/// </summary>
internal static class SwarmServiceSpec
{
    /// <summary>The longest service name Swarm accepts.</summary>
    public const int MaxNameLength = 63;

    public static ServiceSpec For(ContainerRequest request, string name, SwarmOptions options, PlatformApiAccess api, DateTimeOffset created)
    {
        var memoryBytes = request.MemoryMb * 1024L * 1024L;
        var labels = ContainerLabels.For(request, created);
        var resources = new ResourceRequirements
        {
            Limits = new SwarmLimit { MemoryBytes = memoryBytes, Pids = options.PidsLimit },
            Reservations = new SwarmResources { MemoryBytes = memoryBytes },
        };
        if (options.ReserveCpu)
        {
            resources.Reservations.NanoCPUs = request.CpuShares * 1_000_000_000L / 1024;
        }

        var container = new ContainerSpec
        {
            Image = request.Image,
            Labels = labels,
            Env = api.EnvironmentFor(request, options.ExtraEnvironment),
            CapabilityDrop = options.DropCapabilities,
            CapabilityAdd = options.AddCapabilities,
            Ulimits = [new Ulimit { Name = "nofile", Soft = options.NofileLimit, Hard = options.NofileLimit }],
            StopGracePeriod = 0,
        };
        if (options.DnsServers.Count > 0)
        {
            container.DNSConfig = new DNSConfig { Nameservers = options.DnsServers };
        }

        var mounts = new List<Mount>();
        if (api.Relay is { } relay)
        {
            mounts.Add(new Mount { Type = "bind", Source = relay.HostDirectory, Target = PlatformApiRelay.ContainerDirectory, ReadOnly = true });
        }

        if (options.ReadOnlyRootFilesystem && ContainerHardening.AllowsReadOnlyRoot(request))
        {
            container.ReadOnly = true;
            mounts.Add(new Mount
            {
                Type = "tmpfs",
                Target = ContainerHardening.TemporaryDirectory,
                TmpfsOptions = new TmpfsOptions { SizeBytes = memoryBytes, Mode = 0b1_111_111_111 },
            });
        }

        if (mounts.Count > 0)
        {
            container.Mounts = mounts;
        }

        return new ServiceSpec
        {
            Name = name,
            Labels = labels,
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 1 } },
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = container,
                Resources = resources,
                RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
                Placement = new Placement { Constraints = options.Constraints },
                Networks = NetworksOf(options).Select(n => new NetworkAttachmentConfig { Target = n }).ToList(),
                LogDriver = request.Logging is { } logging ? new SwarmDriver { Name = logging.Driver, Options = logging.Options.ToDictionary() } : null,
            },
            EndpointSpec = new EndpointSpec
            {
                Mode = "vip",
                Ports = [new PortConfig { Protocol = "tcp", TargetPort = ActionProxyProtocol.Port, PublishMode = "host" }],
            },
        };
    }

    /// <summary>The networks action services join: the configured ones, else the isolated action network, else none.</summary>
    public static IReadOnlyList<string> NetworksOf(SwarmOptions options) =>
        options.Networks.Count > 0 ? options.Networks : options.IsolateActions ? [SwarmActionNetwork.NetworkName] : [];

    /// <summary>
    /// A service name from a container name: Swarm allows letters, digits and inner dashes, up to 63 characters;
    /// anything else becomes a dash.
    /// </summary>
    public static string NameFor(string containerName)
    {
        var name = new StringBuilder(containerName.Length);
        foreach (var c in containerName)
        {
            var valid = char.IsAsciiLetterOrDigit(c) ? c : '-';
            if (valid == '-' && (name.Length == 0 || name[^1] == '-'))
            {
                continue;
            }

            name.Append(valid);
        }

        var text = name.ToString(0, Math.Min(name.Length, MaxNameLength)).TrimEnd('-');
        return text.Length == 0 ? "openwhisk-action" : text;
    }
}
