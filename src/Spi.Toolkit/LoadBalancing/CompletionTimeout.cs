namespace OpenWhisk.Spi.Toolkit.LoadBalancing;

/// <summary>
/// OpenWhisk's completion timeout: an activation that has no completion after max(its action's time limit, 60 s) ×
/// <see cref="Factor"/> + <see cref="Addon"/> is forced to end by its <see cref="ActivationTracker"/>. The controller
/// takes both from its <c>LoadBalancer</c> section.
/// </summary>
public sealed class CompletionTimeout
{
    /// <summary>Gets OpenWhisk's defaults: factor 2, addon one minute.</summary>
    public static CompletionTimeout Default { get; } = new();

    /// <summary>Gets the factor.</summary>
    public double Factor { get; init; } = 2;

    /// <summary>Gets the addon.</summary>
    public TimeSpan Addon { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>The completion timeout of an activation of an action with the given time limit.</summary>
    /// <param name="actionTimeLimit">The action's time limit.</param>
    /// <returns>How long its tracker waits for its completion.</returns>
    public TimeSpan For(TimeSpan actionTimeLimit) =>
        TimeSpan.FromTicks((long)(Math.Max(actionTimeLimit.Ticks, TimeSpan.FromSeconds(60).Ticks) * Factor)) + Addon;
}
