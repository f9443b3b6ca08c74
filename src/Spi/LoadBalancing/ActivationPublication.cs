namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>An activation that a balancer has placed.</summary>
/// <param name="ActivationId">The activation id.</param>
/// <param name="Result">
/// Completes when the activation completes: with its record for blocking calls whose result came back, or with
/// only the id otherwise. Completes with a whisk error record when the completion timeout forced it.
/// </param>
public sealed record ActivationPublication(string ActivationId, Task<ActivationOutcome> Result);
