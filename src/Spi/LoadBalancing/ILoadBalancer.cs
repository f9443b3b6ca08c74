using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;

namespace OpenWhisk.Spi.LoadBalancing;

/// <summary>
/// Places activations on invokers (or containers) and tracks them until they complete. Several named
/// balancers may live in one controller; <see cref="ILoadBalancerResolver"/> picks one per action.
/// </summary>
[SpiContract("LoadBalancer")]
public interface ILoadBalancer
{
    /// <summary>Gets the name this balancer was registered under, for example <c>lean</c>.</summary>
    string Name { get; }

    /// <summary>Gets how many controllers share the invokers (throttles are divided by it).</summary>
    int ClusterSize { get; }

    /// <summary>
    /// Tells whether this balancer runs <paramref name="action"/> at all (the <c>direct</c> balancer takes only
    /// actions with intra-container concurrency). A resolver sends an action this balancer refuses to its fallback.
    /// </summary>
    /// <param name="action">The action about to be invoked.</param>
    /// <returns><see langword="true"/> unless the balancer refuses the action; the default accepts every action.</returns>
    bool CanRun(WhiskAction action) => true;

    /// <summary>
    /// Gets a value indicating whether this balancer sends activations to invokers (so a controller with it is ready
    /// only once one is healthy); <see langword="false"/> for a balancer that runs containers itself (<c>direct</c>).
    /// </summary>
    bool UsesInvokers => true;

    /// <summary>Gets the number of activations placed and not yet completed.</summary>
    int TotalActiveActivations { get; }

    /// <summary>Starts background work (acknowledgement consumers, health supervision).</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task that completes when the balancer can accept activations.</returns>
    Task StartAsync(CancellationToken cancellationToken);

    /// <summary>Stops background work; activations in flight are completed or forced.</summary>
    /// <param name="cancellationToken">Cancels a graceful stop.</param>
    /// <returns>A task that completes when the balancer has stopped.</returns>
    Task StopAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Places one activation. The returned task completes once the activation is handed to its invoker;
    /// <see cref="ActivationPublication.Result"/> completes when the activation does (always, within the
    /// completion timeout).
    /// </summary>
    /// <param name="action">The action to run.</param>
    /// <param name="message">The activation message.</param>
    /// <param name="cancellationToken">Cancels the placement.</param>
    /// <returns>The placed activation.</returns>
    /// <exception cref="LoadBalancerUnavailableException">No invoker can take the activation.</exception>
    Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken);

    /// <summary>Gets the number of activations in flight for one namespace (for the concurrency throttle).</summary>
    /// <param name="namespaceUuid">The namespace's UUID.</param>
    /// <returns>The count.</returns>
    int ActiveActivationsFor(string namespaceUuid);

    /// <summary>
    /// Gets the number of this balancer's activations in flight on one invoker (OpenWhisk's
    /// <c>activeActivationsByInvoker</c>). The default counts <see cref="GetActiveActivations"/>.
    /// </summary>
    /// <param name="target">The invoker's topic (<c>invoker0</c>), or the balancer's own target.</param>
    /// <returns>The count.</returns>
    int ActiveActivationsOn(string target) => GetActiveActivations().Count(a => a.Target == target);

    /// <summary>
    /// Returns this balancer's activations in flight: what this controller placed and has not seen complete
    /// (OpenWhisk's <c>activeActivationsByController</c>; an operator polls it before stopping the controller).
    /// The default, for a balancer that does not keep the list, is empty.
    /// </summary>
    /// <returns>The activations, in no particular order.</returns>
    IReadOnlyList<ActiveActivation> GetActiveActivations() => [];

    /// <summary>Returns the invokers this balancer knows and their health.</summary>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The invokers, ordered by instance number.</returns>
    Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken);
}
