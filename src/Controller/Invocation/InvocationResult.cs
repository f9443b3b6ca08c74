using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Invocation;

/// <summary>What an invocation produced: the record when it completed in time, else only its id.</summary>
/// <param name="ActivationId">The activation id.</param>
/// <param name="Record">The record, or null when the caller gets 202 with the id.</param>
public sealed record InvocationResult(string ActivationId, ActivationRecord? Record);
