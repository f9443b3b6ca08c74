namespace OpenWhisk.Spi.Stores;

/// <summary>A user (subject) and the namespaces with keys it owns.</summary>
public sealed record SubjectRecord
{
    /// <summary>Gets the subject name.</summary>
    public required string Subject { get; init; }

    /// <summary>Gets the namespaces and their keys.</summary>
    public required IReadOnlyList<SubjectNamespace> Namespaces { get; init; }

    /// <summary>Gets a value indicating whether the subject is blocked (its keys are refused).</summary>
    public bool Blocked { get; init; }

    /// <summary>Gets the revision (see <see cref="EntityDocument.Revision"/>).</summary>
    public string? Revision { get; init; }
}
