using System.ComponentModel.DataAnnotations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>The journal of accepted activations (section <c>Journal</c>).</summary>
public sealed class JournalOptions
{
    /// <summary>Gets or sets a value indicating whether accepted activations are journaled (when the activation store keeps a journal).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Gets or sets a value indicating whether an activation that cannot be journaled (the store is down) is refused
    /// with 503 (<c>true</c>, the standalone: nothing else would hold it) or goes on unjournaled (<c>false</c>, a
    /// controller over Kafka, whose message log holds it and whose invokers spool its record).
    /// </summary>
    public bool Required { get; set; } = true;

    /// <summary>Gets or sets the longest a journal write may hold an invocation when the journal is not <see cref="Required"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan OptionalAttemptTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Gets or sets how often overdue activations (past OpenWhisk's completion timeout without a record) are ended.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Gets or sets a value indicating whether this controller ends the activations it accepted before it started at
    /// once, without waiting for their deadline: right where nothing else can be running them (the standalone
    /// platform, whose invoker ran in the same process).
    /// </summary>
    public bool EndOwnAtStartup { get; set; }
}
