using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Stores;

/// <summary>One namespace of a subject, with its key and limits.</summary>
public sealed record SubjectNamespace
{
    /// <summary>Gets the namespace name.</summary>
    public required string Name { get; init; }

    /// <summary>Gets the namespace UUID (the user part of the API key).</summary>
    public required string Uuid { get; init; }

    /// <summary>Gets the secret (the password part of the API key).</summary>
    public required string Key { get; init; }

    /// <summary>Gets the namespace's limits.</summary>
    public UserLimits Limits { get; init; } = new();
}
