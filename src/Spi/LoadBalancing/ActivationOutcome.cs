using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>How a placed activation ended, as far as its balancer knows.</summary>
/// <param name="ActivationId">The activation id.</param>
/// <param name="Record">The record, when it came back with the acknowledgement; null when only the id did.</param>
public sealed record ActivationOutcome(string ActivationId, ActivationRecord? Record);
