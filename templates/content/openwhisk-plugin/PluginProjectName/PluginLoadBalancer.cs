using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Messaging;

namespace PluginProjectName;

/// <summary>
/// A load balancer: places each activation on an invoker over the messaging provider (topic <c>invoker&lt;N&gt;</c>)
/// and ends it when the invoker's acknowledgement comes back on this controller's completion topic. The host's
/// activation tracker keeps the books (result promises, counts, the completion timeout): track each activation
/// before sending it, give it every acknowledgement. Invokers announce themselves on <see cref="PingMessage.Topic"/>.
/// PluginProjectName.Tests runs the conformance fixture of the contract against it: it fails until the members below
/// are written.
/// </summary>
/// <param name="messaging">The messaging provider selected by <c>Spi:Messaging</c>.</param>
/// <param name="trackers">Creates the host's bookkeeping of activations in flight.</param>
/// <param name="options">The balancer's settings.</param>
public sealed class PluginLoadBalancer(IMessagingProvider messaging, IActivationTrackerFactory trackers, IOptions<PluginLoadBalancerOptions> options) : ILoadBalancer, IAsyncDisposable
{
    private readonly IActivationTracker tracker = trackers.Create(PluginEntry.Name);
    private readonly string completionTopic = new ControllerInstanceId(options.Value.ControllerInstanceId ?? "0").CompletionTopic;

    /// <inheritdoc />
    public string Name => PluginEntry.Name;

    /// <inheritdoc />
    public int ClusterSize => 1;

    /// <inheritdoc />
    public int TotalActiveActivations => tracker.Total;

    /// <inheritdoc />
    public int ActiveActivationsFor(string namespaceUuid) => tracker.ActiveFor(namespaceUuid);

    /// <inheritdoc />
    public int ActiveActivationsOn(string target) => tracker.ActiveOn(target);

    /// <inheritdoc />
    public IReadOnlyList<ActiveActivation> GetActiveActivations() => tracker.Snapshot();

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        await messaging.EnsureTopicAsync(completionTopic, TopicOptions.Default, cancellationToken);
        throw new NotImplementedException("not implemented yet: consume the completion topic and give each acknowledgement (OpenWhiskJson.Options) to the tracker; follow the invokers' pings.");
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: stop consuming.");

    /// <inheritdoc />
    public Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: pick an invoker, track the activation on its topic and send it the message (serialized with OpenWhiskJson.Options).");

    /// <inheritdoc />
    public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken) =>
        throw new NotImplementedException("not implemented yet: report the invokers seen in pings.");

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        tracker.Dispose();
        return ValueTask.CompletedTask;
    }
}
