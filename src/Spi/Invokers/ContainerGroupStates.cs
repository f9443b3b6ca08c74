namespace OpenWhisk.Spi.Invokers;

/// <summary>The states a <see cref="ContainerGroupStatus"/> names.</summary>
public static class ContainerGroupStates
{
    /// <summary>A stem cell: a started runtime container that holds no action yet.</summary>
    public const string Prewarm = "prewarm";

    /// <summary>A container being created.</summary>
    public const string Starting = "starting";

    /// <summary>An idle container that holds an action and runs.</summary>
    public const string Warm = "warm";

    /// <summary>An idle container that holds an action and is paused.</summary>
    public const string Paused = "paused";

    /// <summary>A container running at least one activation.</summary>
    public const string Busy = "busy";
}
