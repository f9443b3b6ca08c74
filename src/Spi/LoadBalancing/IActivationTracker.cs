using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>
/// A balancer's bookkeeping of activations in flight, provided by the host (create one with
/// <see cref="IActivationTrackerFactory"/>): result promises for blocking callers, per-namespace counts for the
/// concurrency throttle, and a completion timeout that ends an activation with a stored whisk error record when no
/// completion arrives. Thread-safe.
/// </summary>
public interface IActivationTracker : IDisposable
{
    /// <summary>Gets the number of activations in flight.</summary>
    int Total { get; }

    /// <summary>Gets the number of activations in flight for a namespace.</summary>
    /// <param name="namespaceUuid">The namespace's UUID.</param>
    /// <returns>The count.</returns>
    int ActiveFor(string namespaceUuid);

    /// <summary>Gets the number of activations in flight on one target (for example an invoker topic).</summary>
    /// <param name="target">The target the activations were tracked with.</param>
    /// <returns>The count.</returns>
    int ActiveOn(string target);

    /// <summary>Returns the activations in flight, in no particular order (a snapshot, for operators).</summary>
    /// <returns>The activations.</returns>
    IReadOnlyList<ActiveActivation> Snapshot();

    /// <summary>Starts tracking an activation that is about to be sent to <paramref name="target"/>.</summary>
    /// <param name="action">The action.</param>
    /// <param name="message">The activation message.</param>
    /// <param name="target">Where it goes, for example <c>invoker1</c>.</param>
    /// <param name="completed">Called once when the activation finishes (acknowledged, timed out or abandoned).</param>
    /// <returns>The publication to return from <see cref="ILoadBalancer.PublishAsync"/>.</returns>
    ActivationPublication Track(WhiskAction action, ActivationMessage message, string target, Action<ActivationMessage, ActivationEnd>? completed = null);

    /// <summary>
    /// Handles an acknowledgement; returns false when it names no tracked activation (late, or not tracked). Whoever
    /// awaits the activation's result or its end may continue on the calling thread before this returns (a tracker
    /// created to continue on the acknowledging thread), so call it holding no lock.
    /// </summary>
    /// <param name="acknowledgement">The acknowledgement.</param>
    /// <returns>Whether it belonged to a tracked activation.</returns>
    bool Process(Acknowledgement acknowledgement);

    /// <summary>Stops tracking an activation that could not be sent (its caller gets an error, not a record).</summary>
    /// <param name="activationId">The activation id.</param>
    void Cancel(string activationId);

    /// <summary>
    /// Ends every activation in flight on <paramref name="target"/> now with a stored whisk error record (its
    /// invoker is gone), unless the invoker stored the real record already. Their <c>completed</c> callbacks get
    /// <see cref="ActivationEnd.Abandoned"/>.
    /// </summary>
    /// <param name="target">The target.</param>
    /// <returns>A task that completes when they are ended.</returns>
    Task ForceAllOnAsync(string target);
}
