namespace OpenWhisk.Common.Runtimes;

/// <summary>One runtime kind of the manifest, for example <c>nodejs:20</c>.</summary>
public sealed record RuntimeKind
{
    /// <summary>Gets the kind, <c>family:version</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>Gets the family, the part before the colon.</summary>
    public required string Family { get; init; }

    /// <summary>Gets the image that runs actions of this kind.</summary>
    public required string Image { get; init; }

    /// <summary>Gets a value indicating whether <c>family:default</c> resolves to this kind.</summary>
    public bool IsDefault { get; init; }

    /// <summary>Gets a value indicating whether new actions of this kind are refused.</summary>
    public bool Deprecated { get; init; }

    /// <summary>Gets a value indicating whether actions must name their entry function.</summary>
    public bool RequireMain { get; init; }

    /// <summary>Gets a value indicating whether the proxy writes log sentinels (default true).</summary>
    public bool SentinelledLogs { get; init; } = true;

    /// <summary>Gets the prewarm configuration.</summary>
    public IReadOnlyList<StemCellConfig> StemCells { get; init; } = [];
}
