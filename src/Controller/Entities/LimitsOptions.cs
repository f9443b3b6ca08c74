namespace OpenWhisk.Controller.Entities;

/// <summary>System limits (section <c>Limits</c>), OpenWhisk's defaults unless configured.</summary>
public sealed class LimitsOptions
{
    /// <summary>Gets or sets the action memory limit in MB.</summary>
    public RangeLimit MemoryMb { get; set; } = new() { Min = 128, Max = 512, Std = 256 };

    /// <summary>Gets or sets the action time limit in milliseconds.</summary>
    public RangeLimit TimeoutMs { get; set; } = new() { Min = 100, Max = 300_000, Std = 60_000 };

    /// <summary>Gets or sets the log limit in MB.</summary>
    public RangeLimit LogsMb { get; set; } = new() { Min = 0, Max = 10, Std = 10 };

    /// <summary>Gets or sets the intra-container concurrency.</summary>
    public RangeLimit Concurrency { get; set; } = new() { Min = 1, Max = 500, Std = 1 };

    /// <summary>Gets or sets the invocations per minute and namespace (0 forbids invoking).</summary>
    public int InvocationsPerMinute { get; set; } = 60;

    /// <summary>Gets or sets the concurrent invocations per namespace.</summary>
    public int ConcurrentInvocations { get; set; } = 30;

    /// <summary>Gets or sets the trigger fires per minute and namespace.</summary>
    public int FiresPerMinute { get; set; } = 60;

    /// <summary>Gets or sets the largest invocation payload in bytes.</summary>
    public int PayloadMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the largest parameters (or annotations) of an entity in bytes.</summary>
    public int ParametersMaxBytes { get; set; } = 1024 * 1024;

    /// <summary>Gets or sets the largest action code in bytes.</summary>
    public int CodeMaxBytes { get; set; } = 48 * 1024 * 1024;

    /// <summary>Gets or sets the most primitive actions a sequence may run (nested sequences counted through), and n for a composition's n components and 2n + 1 conductor runs.</summary>
    public int SequenceMaxLength { get; set; } = 50;

    /// <summary>
    /// Gets or sets the images blackbox actions may use; empty allows every image. An entry ending in <c>*</c> allows
    /// every image that starts with the rest (<c>openwhisknet/*</c>); an image without a tag is <c>:latest</c>.
    /// </summary>
    public List<string> AllowedBlackboxImages { get; set; } = [];

    /// <summary>Gets or sets the default page size of lists.</summary>
    public int ListDefault { get; set; } = 30;

    /// <summary>Gets or sets the largest page size of lists.</summary>
    public int ListMax { get; set; } = 200;
}
