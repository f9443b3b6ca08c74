using System.ComponentModel.DataAnnotations;
using OpenWhisk.Spi.Toolkit.Docker;

namespace OpenWhisk.Plugins.Docker;

/// <summary>Settings of the Docker container factory (section <c>Docker</c>).</summary>
public sealed class DockerOptions
{
    /// <summary>Gets or sets the Engine API endpoint.</summary>
    [Required]
    public string Endpoint { get; set; } = "unix:///var/run/docker.sock";

    /// <summary>Gets or sets the Engine API version to speak (Debian 12's docker.io supports 1.41).</summary>
    [Required]
    public string ApiVersion { get; set; } = "1.41";

    /// <summary>Gets TLS to a remote engine (<c>Docker:Tls:CertificatePath</c>, <c>Docker:Tls:Verify</c>).</summary>
    public EngineTlsOptions Tls { get; } = new();

    /// <summary>
    /// Gets or sets the network containers join (default <c>openwhisk-actions</c>). The factory creates it when it
    /// is missing, as a bridge network with traffic between its containers disabled, so that no action reaches
    /// another action's container; Docker's own networks (<c>bridge</c>, <c>host</c>, <c>none</c>) and networks
    /// made by the operator are used as they are.
    /// </summary>
    public string Network { get; set; } = "openwhisk-actions";

    /// <summary>
    /// Gets or sets a value indicating whether action containers are refused new connections to the host itself (any of
    /// its addresses): iptables rules on the action network's bridge, added by the factory when the engine is local
    /// and <see cref="Network"/> is not one of Docker's own. Actions reach the platform's API through the relay's
    /// socket, so they need nothing of the host. Needs root (or CAP_NET_ADMIN) and iptables; without them the factory
    /// logs a warning and runs unguarded.
    /// </summary>
    public bool BlockHostAccess { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether action containers are refused the link-local range
    /// <c>169.254.0.0/16</c>, where cloud metadata services answer (with the same rules as <see cref="BlockHostAccess"/>).
    /// </summary>
    public bool BlockLinkLocal { get; set; } = true;

    /// <summary>Gets or sets more destinations (addresses or CIDR ranges) action containers are refused, for example private networks.</summary>
    public List<string> BlockedDestinations { get; set; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether the platform talks to containers at their own IP address on
    /// <see cref="Network"/> instead of through port 8080 published on <see cref="HostAddress"/>.
    /// </summary>
    public bool UseContainerIp { get; set; }

    /// <summary>
    /// Gets or sets how the platform reaches the action proxies: <see cref="ContainerTransport.Auto"/> (default) over
    /// a Unix socket where it can (no published port, no Docker userland proxy, no TCP in the path of a call; the
    /// runtime then listens on no TCP port at all), <see cref="ContainerTransport.Tcp"/> or
    /// <see cref="ContainerTransport.Unix"/>. Blackbox images always use TCP.
    /// </summary>
    public ContainerTransport Transport { get; set; } = ContainerTransport.Auto;

    /// <summary>
    /// Gets or sets the host directory that holds one socket directory per container (mounted into it at
    /// <c>/run/openwhisk-proxy</c>); unset, a fresh one under the temporary directory, removed when the factory stops.
    /// </summary>
    public string? SocketDirectory { get; set; }

    /// <summary>Gets or sets the host address port 8080 is published on (a random port each time).</summary>
    public string HostAddress { get; set; } = "127.0.0.1";

    /// <summary>Gets or sets the most processes a container may run.</summary>
    [Range(16, 1_000_000)]
    public int PidsLimit { get; set; } = 1024;

    /// <summary>Gets or sets the limit of open files in a container.</summary>
    [Range(64, 1_048_576)]
    public int NofileLimit { get; set; } = 1024;

    /// <summary>
    /// Gets or sets the Linux capabilities taken away from containers (default all of them: the project's runtimes
    /// need none; OpenWhisk drops <c>NET_RAW</c> and <c>NET_ADMIN</c> only).
    /// </summary>
    public List<string> DropCapabilities { get; set; } = ["ALL"];

    /// <summary>Gets or sets Linux capabilities given back to containers after <see cref="DropCapabilities"/> (default none).</summary>
    public List<string> AddCapabilities { get; set; } = [];

    /// <summary>
    /// Gets or sets a value indicating whether containers of the runtimes manifest's images (not blackbox ones) run
    /// with a read-only root filesystem and a writable <c>/tmp</c> in memory, counted in the action's memory
    /// (default true).
    /// </summary>
    public bool ReadOnlyRootFilesystem { get; set; } = true;

    /// <summary>
    /// Gets or sets the value of <c>__OW_API_HOST</c> in every container: the platform API's URL. Unset, it is the
    /// host-wide <c>Api:Host</c> (the standalone sets it to its own address), else <c>http://127.0.0.1:3233</c>.
    /// </summary>
    public string? ApiHost { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether containers reach a loopback <see cref="ApiHost"/> through a Unix socket
    /// relayed by this process (mounted at <c>/run/openwhisk/api.sock</c>, named by <c>__OW_API_SOCKET</c>; the
    /// project's runtimes forward the <c>__OW_API_HOST</c> port inside the container to it). Default true.
    /// </summary>
    public bool ApiRelay { get; set; } = true;

    /// <summary>Gets or sets the host directory of the relay's socket; unset, a fresh one under the temporary directory.</summary>
    public string? ApiRelayDirectory { get; set; }

    /// <summary>Gets or sets extra environment variables for every container.</summary>
    public Dictionary<string, string> ExtraEnvironment { get; set; } = [];

    /// <summary>Gets or sets DNS servers for containers (none: Docker's default).</summary>
    public List<string> DnsServers { get; set; } = [];

    /// <summary>Gets or sets how often <c>/init</c> retries while the proxy does not accept connections yet.</summary>
    public TimeSpan InitRetryInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Gets or sets how many containers may be created at once.</summary>
    [Range(1, 1000)]
    public int MaxParallelCreates { get; set; } = 10;

    /// <summary>Gets or sets when the image of a blackbox action is pulled.</summary>
    public ImagePullPolicy PullPolicy { get; set; } = ImagePullPolicy.Always;

    /// <summary>Gets or sets the longest a blackbox image pull may take (OpenWhisk's is 10 minutes); longer is a failed pull.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan PullTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Gets or sets the timeout of one Engine API call.</summary>
    public TimeSpan ApiTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long to wait for the next log line before giving up on the sentinels.</summary>
    public TimeSpan LogIdleTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Gets or sets where activation logs are read from: <see cref="DockerLogSource.Auto"/> (default) reads the
    /// engine's json-file log directly when this process can open it (a local engine, run as a user that may read
    /// <c>/var/lib/docker</c>) and follows the log through the Engine API otherwise; <see cref="DockerLogSource.Api"/>
    /// always follows it through the API.
    /// </summary>
    public DockerLogSource LogSource { get; set; } = DockerLogSource.Auto;

    /// <summary>
    /// Gets or sets how an action's log lines reach this process: <see cref="ContainerLogTransport.Auto"/> (default)
    /// through a file in the container's socket directory where it can (no engine process copies each line, and the
    /// lines are there when <c>/run</c> answers), <see cref="ContainerLogTransport.Engine"/> always through the
    /// engine's log.
    /// </summary>
    public ContainerLogTransport LogTransport { get; set; } = ContainerLogTransport.Auto;
}
