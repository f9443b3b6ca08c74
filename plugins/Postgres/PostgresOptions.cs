using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Plugins.Postgres;

/// <summary>
/// Settings of the PostgreSQL stores (section <c>Postgres</c>); the connection string is
/// <c>ConnectionStrings:Postgres</c> (<c>ConnectionStrings__Postgres</c> in the environment).
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>Gets or sets how often a call that failed for a transient reason is retried.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Gets or sets the first retry delay (doubling after each attempt).</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(100);
}
