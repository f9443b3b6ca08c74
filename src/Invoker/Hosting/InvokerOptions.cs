using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>Settings of an invoker (section <c>Invoker</c>).</summary>
public sealed class InvokerOptions
{
    /// <summary>Gets or sets the invoker number; it consumes topic <c>invoker&lt;InstanceId&gt;</c>.</summary>
    [Range(0, 10_000)]
    public int InstanceId { get; set; }

    /// <summary>Gets or sets an optional unique name (part of container names and of the id the controller shows).</summary>
    public string? UniqueName { get; set; }

    /// <summary>Gets or sets an optional display name.</summary>
    public string? DisplayedName { get; set; }

    /// <summary>Gets or sets how often the invoker pings topic <c>health</c>.</summary>
    public TimeSpan PingInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Gets or sets how long another invoker may stay silent on topic <c>health</c> before this one removes that
    /// invoker's containers from the container engine (default 2 minutes; zero turns the reaping off).
    /// </summary>
    public TimeSpan OrphanReapAfter { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Gets or sets the intra-container concurrency used to size how many activations the invoker takes from the
    /// bus at once (OpenWhisk: <c>maxPeek = max(containers, containers × concurrency × peek factor)</c>).
    /// </summary>
    [Range(1, 10_000)]
    public int MaxActionConcurrency { get; set; } = 10;

    /// <summary>Gets or sets an explicit bound on activations taken from the bus at once; computed when unset.</summary>
    [Range(1, 100_000)]
    public int? MaxPeek { get; set; }

    /// <summary>
    /// Gets or sets how much action code, in MB, the invoker keeps of actions it fetched from the artifact store (those
    /// whose code is larger than the controller embeds in the message, <c>Controller:EmbedActionMaxCodeBytes</c>), by
    /// revision; 0 fetches every time.
    /// </summary>
    [Range(0, 65_536)]
    public int ActionCacheMb { get; set; } = 64;

    /// <summary>Gets or sets the user name for <c>/enable</c> and <c>/disable</c>.</summary>
    public string AdminUser { get; set; } = "invoker.user";

    /// <summary>Gets or sets the password for <c>/enable</c> and <c>/disable</c>.</summary>
    public string AdminPassword { get; set; } = "invoker.pass";
}
