using Microsoft.Extensions.Options;
using OpenWhisk.Common.Execution;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.LoadBalancing;

/// <summary>The controller's <see cref="IActivationTrackerFactory"/>: trackers that store forced records in the activation store.</summary>
public sealed class ActivationTrackerFactory(
    IActivationStore store,
    IOptions<LoadBalancerOptions> options,
    TimeProvider timeProvider,
    ILoggerFactory loggerFactory,
    IOptions<ActivationRunnerOptions>? activationOptions = null) : IActivationTrackerFactory
{
    public IActivationTracker Create(string balancerName) =>
        new ActivationTracker(
            store,
            options.Value,
            timeProvider,
            loggerFactory.CreateLogger("OpenWhisk.Controller.LoadBalancing.ActivationTracker." + balancerName),
            activationOptions?.Value.Store != ActivationStoreLevel.None);
}
