using System.ComponentModel.DataAnnotations;
using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Plugins.Swarm;

/// <summary>Settings of the Swarm container factory (section <c>Swarm</c>).</summary>
public sealed class SwarmOptions
{
    /// <summary>Gets or sets the Engine API endpoint of a Swarm manager (<c>unix://…</c> or <c>tcp://manager:2376</c>).</summary>
    [Required]
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>Gets or sets the Engine API version to speak (1.41 is the least this factory needs).</summary>
    [Required]
    public string ApiVersion { get; set; } = "1.41";

    /// <summary>Gets or sets the timeout of one Engine API call.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets TLS to a remote manager (<c>Swarm:Tls:CertificatePath</c>, <c>Swarm:Tls:Verify</c>).</summary>
    public EngineTlsOptions Tls { get; } = new();

    /// <summary>
    /// Gets or sets the placement constraints of every action container, in Swarm's syntax
    /// (<c>node.labels.openwhisk==actions</c>, <c>node.role!=manager</c>, …). Capacity counts only the nodes they admit.
    /// </summary>
    public List<string> Constraints { get; set; } = [];

    /// <summary>
    /// Gets or sets addresses to reach nodes at, by node id or host name, when the address a node advertises to the
    /// cluster is not the one the invoker should use.
    /// </summary>
    public Dictionary<string, string> NodeAddresses { get; set; } = [];

    /// <summary>
    /// Gets or sets the networks action containers join (none: <c>openwhisk-swarm-actions</c> with
    /// <see cref="IsolateActions"/>, else the node's default bridge).
    /// </summary>
    public List<string> Networks { get; set; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether action containers, when <see cref="Networks"/> names none, join
    /// <c>openwhisk-swarm-actions</c>: a swarm-scoped bridge network whose node-local configuration
    /// (<c>openwhisk-swarm-actions-config</c>) disables traffic between its containers, so that no action reaches another
    /// (default true). The factory creates both on the engine it talks to; every other node of the swarm needs the
    /// configuration network too (<c>docker network create --config-only -o com.docker.network.bridge.enable_icc=false
    /// -o com.docker.network.bridge.name=ow-swarm-acts openwhisk-swarm-actions-config</c>).
    /// </summary>
    public bool IsolateActions { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether action containers on <c>openwhisk-swarm-actions</c> are refused new
    /// connections to the node itself (any of its addresses, and so the ports other action services publish on it):
    /// iptables rules on the network's bridge, added by the factory on the node of the engine it talks to when that
    /// engine is local (<c>unix://</c>) and <see cref="IsolateActions"/> holds; other nodes need the same rules from
    /// their operators. Needs root (or CAP_NET_ADMIN) and iptables; without them the factory logs a warning.
    /// </summary>
    public bool BlockHostAccess { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether action containers are refused the link-local range
    /// <c>169.254.0.0/16</c>, where cloud metadata services answer (with the same rules as <see cref="BlockHostAccess"/>).
    /// </summary>
    public bool BlockLinkLocal { get; set; } = true;

    /// <summary>Gets or sets more destinations (addresses or CIDR ranges) action containers are refused, for example private networks.</summary>
    public List<string> BlockedDestinations { get; set; } = [];

    /// <summary>Gets or sets the memory, in MB, left free on every node for the engine and everything else.</summary>
    [Range(0, 1024 * 1024)]
    public int ReservedMemoryPerNodeMb { get; set; } = 256;

    /// <summary>Gets or sets the most memory, in MB, this invoker uses even when the cluster has more (unset: no cap).</summary>
    [Range(128, int.MaxValue)]
    public int? MaxUserMemoryMb { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether each container reserves CPU in proportion to its CPU shares (1024
    /// shares = one CPU), so that the scheduler spreads CPU as the Docker factory's shares weigh it. Default false: memory
    /// alone decides placement, as in OpenWhisk.
    /// </summary>
    public bool ReserveCpu { get; set; }

    /// <summary>Gets or sets how long creation waits for the task to run before it gives up.</summary>
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Gets or sets how long a task may stay pending because no node has room (or none matches the constraints)
    /// before creation gives up with that reason.
    /// </summary>
    public TimeSpan PendingTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Gets or sets how often a starting task's state is read.</summary>
    public TimeSpan TaskPollInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets or sets how many services may be created at once.</summary>
    [Range(1, 1000)]
    public int MaxParallelCreates { get; set; } = 10;

    /// <summary>
    /// Gets or sets the value of <c>__OW_API_HOST</c> in every container. Unset, it is <c>Api:Host</c>; in a cluster it
    /// must be an address every node can reach.
    /// </summary>
    public string? ApiHost { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether containers reach a loopback <see cref="ApiHost"/> through a Unix socket
    /// this process relays, bind-mounted into every container (as the Docker factory does). It works only where
    /// containers run on the invoker's own host (a one-node Swarm); default true, used only for a loopback API host.
    /// </summary>
    public bool ApiRelay { get; set; } = true;

    /// <summary>Gets or sets extra environment variables for every container.</summary>
    public Dictionary<string, string> ExtraEnvironment { get; set; } = [];

    /// <summary>Gets or sets the Linux capabilities taken away from containers (default all of them, as the Docker factory).</summary>
    public List<string> DropCapabilities { get; set; } = ["ALL"];

    /// <summary>Gets or sets Linux capabilities given back after <see cref="DropCapabilities"/> (default none).</summary>
    public List<string> AddCapabilities { get; set; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether containers of the runtimes manifest's images run with a read-only root
    /// filesystem and a writable <c>/tmp</c> in memory (default false: through Engine API 1.41 a service's tmpfs is
    /// mounted <c>noexec</c>, which would stop native modules of zipped actions from loading).
    /// </summary>
    public bool ReadOnlyRootFilesystem { get; set; }

    /// <summary>Gets or sets the most processes a container may run.</summary>
    [Range(16, 1_000_000)]
    public int PidsLimit { get; set; } = 1024;

    /// <summary>Gets or sets the limit of open files in a container.</summary>
    [Range(64, 1_048_576)]
    public int NofileLimit { get; set; } = 1024;

    /// <summary>Gets or sets DNS servers for containers (none: the node's default).</summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>Gets or sets how often <c>/init</c> retries while the proxy does not accept connections yet.</summary>
    public TimeSpan InitRetryInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets or sets how long to wait for the next log line before giving up on the sentinels.</summary>
    public TimeSpan LogIdleTimeout { get; set; } = TimeSpan.FromSeconds(2);
}
