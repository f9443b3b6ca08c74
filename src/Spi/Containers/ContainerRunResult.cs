using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Containers;

/// <summary>The outcome of <see cref="IContainerActivationRunner.RunAsync"/>.</summary>
/// <param name="Verdict">What to do with the container.</param>
/// <param name="Record">The reported record; null when the activation did not run (<see cref="ContainerVerdict.Reschedule"/>).</param>
/// <param name="InitFailure">When <c>/init</c> failed, its response, so that activations waiting for the same container can end with it too.</param>
public sealed record ContainerRunResult(ContainerVerdict Verdict, ActivationRecord? Record, ActivationResponse? InitFailure = null);
