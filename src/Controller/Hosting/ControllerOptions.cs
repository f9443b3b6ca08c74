using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Controller.Hosting;

/// <summary>Settings of a controller (section <c>Controller</c>).</summary>
public sealed class ControllerOptions
{
    /// <summary>Gets or sets the controller's instance name; it receives completions on <c>completed&lt;InstanceId&gt;</c>.</summary>
    [Required]
    public string InstanceId { get; set; } = "0";

    /// <summary>Gets or sets the longest a blocking invocation waits before it answers 202 with the activation id.</summary>
    public TimeSpan BlockingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Gets or sets how long an authenticated key is trusted before it is looked up again.</summary>
    public TimeSpan IdentityCacheTime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Gets or sets how long an action read for an invocation is reused (writes through this controller refresh it at once).</summary>
    public TimeSpan ActionCacheTime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets the most each entity type's read cache holds, in bytes of the entities' JSON (actions with their
    /// code; held in memory as .NET strings, up to twice that): beyond it a new entity is not kept until a compaction,
    /// which removes the least recently used, makes room. 0: no cache.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long EntityCacheMaxBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Gets or sets the most keys (and, apart, namespace owners) the authentication cache holds; 0: no cache.</summary>
    [Range(0, int.MaxValue)]
    public int IdentityCacheMaxEntries { get; set; } = 10_000;

    /// <summary>Gets or sets actions whose code is at most this long travel inside the activation message.</summary>
    [Range(0, 1024 * 1024)]
    public int EmbedActionMaxCodeBytes { get; set; } = 256 * 1024;

    /// <summary>
    /// Gets or sets how long a stopping controller lets running sequences and compositions finish before it ends them
    /// with an error record.
    /// </summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Gets or sets the <c>build</c> field of <c>GET /api/v1</c>.</summary>
    public string Build { get; set; } = "openwhisk.net";

    /// <summary>Gets or sets the <c>buildno</c> field of <c>GET /api/v1</c>.</summary>
    public string BuildNumber { get; set; } = "0.1.0";
}
