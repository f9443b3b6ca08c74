using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Spi.Toolkit.LoadBalancing;

/// <summary>
/// Creates <see cref="ActivationTracker"/>s: the controller registers one as the <see cref="IActivationTrackerFactory"/>
/// balancers are given; a balancer's tests create one to give their balancer the host's bookkeeping.
/// </summary>
/// <param name="store">Where forced records go; <see langword="null"/> when they are not stored.</param>
/// <param name="completionTimeout">The completion timeout; OpenWhisk's when <see langword="null"/>.</param>
/// <param name="timeProvider">The clock of the timeouts; the system clock when <see langword="null"/>.</param>
/// <param name="loggerFactory">Where the trackers log; nowhere when <see langword="null"/>.</param>
public sealed class ActivationTrackerFactory(
    IActivationStore? store = null,
    CompletionTimeout? completionTimeout = null,
    TimeProvider? timeProvider = null,
    ILoggerFactory? loggerFactory = null) : IActivationTrackerFactory
{
    /// <summary>The logging category of the trackers, followed by the balancer's name.</summary>
    public const string LogCategory = "OpenWhisk.LoadBalancing.ActivationTracker.";

    /// <inheritdoc />
    public IActivationTracker Create(string balancerName) => Create(balancerName, continueOnAcknowledgingThread: false);

    /// <inheritdoc />
    public IActivationTracker Create(string balancerName, bool continueOnAcknowledgingThread) =>
        new ActivationTracker(
            store,
            completionTimeout ?? CompletionTimeout.Default,
            timeProvider ?? TimeProvider.System,
            (loggerFactory ?? NullLoggerFactory.Instance).CreateLogger(LogCategory + balancerName),
            continueOnAcknowledgingThread);
}
