using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Containers;

/// <summary>One activation to run in a container through <see cref="IContainerActivationRunner"/>.</summary>
public sealed record ContainerRun
{
    /// <summary>Gets the action.</summary>
    public required WhiskAction Action { get; init; }

    /// <summary>Gets the activation message.</summary>
    public required ActivationMessage Message { get; init; }

    /// <summary>Gets the container to run in (ignored by <see cref="IContainerActivationRunner.AbortAsync"/>).</summary>
    public IContainer? Container { get; init; }

    /// <summary>Gets a value indicating whether to send <c>/init</c> first (the container is new).</summary>
    public bool Initialize { get; init; }

    /// <summary>
    /// Gets a value indicating whether the container ran activations before, so that a refused connection means
    /// the container died in between and the activation can run elsewhere (<see cref="ContainerVerdict.Reschedule"/>).
    /// </summary>
    public bool ReusedWarm { get; init; }

    /// <summary>
    /// Gets where the acknowledgements go, in order: the result (blocking activations only), then the completion
    /// once the record is stored; or one combined acknowledgement. Typically the balancer's activation tracker.
    /// Here every acknowledgement carries the record (<see cref="Acknowledgement.Activation"/>), the completion too.
    /// </summary>
    public required Action<Acknowledgement> Acknowledge { get; init; }

    /// <summary>Gets what to call right after a successful <c>/init</c>, before <c>/run</c>.</summary>
    public Action? OnInitialized { get; init; }

    /// <summary>
    /// Gets what to call when collecting the activation's logs failed in a way that means the container must go
    /// (for example its logs were cut at the limit). When set, a run that keeps the container returns as soon as the
    /// result is reported and the logs are collected afterwards; when <see langword="null"/>, logs are collected
    /// before the run returns and such a failure is its verdict.
    /// </summary>
    public Action? OnLogsFailed { get; init; }
}
