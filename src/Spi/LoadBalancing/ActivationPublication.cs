namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>An activation that a balancer has placed.</summary>
/// <param name="ActivationId">The activation id.</param>
/// <param name="Result">
/// Completes as soon as the result is known: with its record for blocking calls, or with only the id otherwise.
/// Completes with a whisk error record when the completion timeout forced the activation to end.
/// </param>
/// <param name="Completion">
/// Completes when the activation has finished for good: its record is stored and its slot is free.
/// </param>
public sealed record ActivationPublication(string ActivationId, Task<ActivationOutcome> Result, Task Completion);
