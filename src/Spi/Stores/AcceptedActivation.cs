using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Stores;

/// <summary>An activation a controller accepted (answered 202 for) whose record is not stored yet.</summary>
/// <param name="Fallback">The record to store if none is stored by <paramref name="Deadline"/>: the activation's id, namespace, action and start with a whisk error.</param>
/// <param name="Deadline">When the activation is overdue (OpenWhisk's completion timeout after its start).</param>
/// <param name="Controller">The instance of the controller that accepted it.</param>
public sealed record AcceptedActivation(ActivationRecord Fallback, DateTimeOffset Deadline, string Controller);
