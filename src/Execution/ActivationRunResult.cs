using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Execution;

/// <summary>The outcome of running one activation in a container.</summary>
/// <param name="Verdict">What to do with the container.</param>
/// <param name="Record">The record that was reported (null when rescheduled).</param>
/// <param name="InitFailure">When <c>/init</c> failed, its response, so activations waiting for the same container get it too.</param>
public sealed record ActivationRunResult(ContainerVerdict Verdict, ActivationRecord? Record, ActivationResponse? InitFailure = null);
