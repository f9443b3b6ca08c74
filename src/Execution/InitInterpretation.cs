using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Execution;

/// <summary>What an <c>/init</c> call means for the activation.</summary>
/// <param name="Succeeded">The container is initialized.</param>
/// <param name="HealthError">The container is unusable (503 or no connection on reuse); reschedule the activation.</param>
/// <param name="Failure">The developer error to report when neither of the above.</param>
public readonly record struct InitInterpretation(bool Succeeded, bool HealthError, ActivationResponse? Failure);
