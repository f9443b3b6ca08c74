namespace OpenWhisk.Spi.Stores;

/// <summary>A listing of activation records, newest start first.</summary>
public sealed record ActivationQuery
{
    /// <summary>Gets the invocation namespace.</summary>
    public required string Namespace { get; init; }

    /// <summary>
    /// Gets the action to filter on, relative to its namespace: <c>action</c> or <c>package/action</c>; null for all.
    /// </summary>
    public string? Name { get; init; }

    /// <summary>
    /// Gets a value indicating whether the listed records leave out the response's result and the logs (a summary
    /// listing shows neither, and a record may hold megabytes of both): a store must leave them out before it reads
    /// a page into memory (the conformance kit checks that they are gone). The response keeps its status.
    /// </summary>
    public bool WithoutResultAndLogs { get; init; }

    /// <summary>Gets how many records to skip.</summary>
    public int Skip { get; init; }

    /// <summary>Gets the most records to return.</summary>
    public int Limit { get; init; } = 30;

    /// <summary>Gets the earliest start time to include (epoch ms), if any.</summary>
    public long? Since { get; init; }

    /// <summary>Gets the latest start time to include (epoch ms), if any.</summary>
    public long? Upto { get; init; }
}
