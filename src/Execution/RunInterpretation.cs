using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Execution;

/// <summary>What a <c>/run</c> call means for the activation.</summary>
/// <param name="Response">The activation response (ignored when <paramref name="HealthError"/>).</param>
/// <param name="HealthError">The container is unusable (503 or no connection on reuse); reschedule the activation.</param>
/// <param name="TimedOut">The run took at least the action's time limit.</param>
public readonly record struct RunInterpretation(ActivationResponse Response, bool HealthError, bool TimedOut);
