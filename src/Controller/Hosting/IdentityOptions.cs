namespace OpenWhisk.Controller.Hosting;

/// <summary>One identity the controller makes sure exists at startup (section <c>Identities</c>, a list).</summary>
public sealed class IdentityOptions
{
    /// <summary>Gets or sets the subject (user).</summary>
    public string Subject { get; set; } = string.Empty;

    /// <summary>Gets or sets the namespace (defaults to the subject).</summary>
    public string? Namespace { get; set; }

    /// <summary>Gets or sets the key, <c>uuid:secret</c>.</summary>
    public string Key { get; set; } = string.Empty;

    /// <summary>Gets or sets the namespace's invocations per minute (the system's when unset).</summary>
    public int? InvocationsPerMinute { get; set; }

    /// <summary>Gets or sets the namespace's concurrent invocations (the system's when unset).</summary>
    public int? ConcurrentInvocations { get; set; }

    /// <summary>Gets or sets the namespace's trigger fires per minute (the system's when unset).</summary>
    public int? FiresPerMinute { get; set; }
}
