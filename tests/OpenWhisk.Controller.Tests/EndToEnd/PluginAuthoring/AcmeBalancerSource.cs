namespace OpenWhisk.Controller.Tests.EndToEnd.PluginAuthoring;

/// <summary>
/// What a plugin author writes into the template's load balancer skeleton: a balancer that follows the invokers'
/// pings and sends each activation to the known invoker with the fewest activations in flight, over the bus.
/// </summary>
internal static class AcmeBalancerSource
{
    public const string Balancer = """
        using System.Collections.Concurrent;
        using System.Text.Json;
        using Microsoft.Extensions.Options;
        using OpenWhisk.Spi;
        using OpenWhisk.Spi.Activations;
        using OpenWhisk.Spi.Entities;
        using OpenWhisk.Spi.Invokers;
        using OpenWhisk.Spi.LoadBalancing;
        using OpenWhisk.Spi.Messaging;

        namespace Acme.Balancer;

        /// <summary>Sends each activation to the invoker with the fewest activations in flight among those that pinged.</summary>
        public sealed class PluginLoadBalancer(IMessagingProvider messaging, IActivationTrackerFactory trackers, IOptions<PluginLoadBalancerOptions> options) : ILoadBalancer, IAsyncDisposable
        {
            private readonly IActivationTracker tracker = trackers.Create(PluginEntry.Name);
            private readonly string completionTopic = new ControllerInstanceId(options.Value.ControllerInstanceId ?? "0").CompletionTopic;
            private readonly ConcurrentDictionary<int, InvokerInstanceId> invokers = new();
            private readonly CancellationTokenSource stopping = new();
            private IMessageProducer? producer;
            private Task[] loops = [];

            public string Name => PluginEntry.Name;

            public int ClusterSize => 1;

            public int TotalActiveActivations => tracker.Total;

            public int ActiveActivationsFor(string namespaceUuid) => tracker.ActiveFor(namespaceUuid);

            public int ActiveActivationsOn(string target) => tracker.ActiveOn(target);

            public IReadOnlyList<ActiveActivation> GetActiveActivations() => tracker.Snapshot();

            public async Task StartAsync(CancellationToken cancellationToken)
            {
                await messaging.EnsureTopicAsync(completionTopic, TopicOptions.Default, cancellationToken);
                await messaging.EnsureTopicAsync(PingMessage.Topic, TopicOptions.Default, cancellationToken);
                producer = messaging.CreateProducer(MessageProducerOptions.Default);
                var completions = messaging.CreateConsumer(new MessageConsumerOptions { Topic = completionTopic, GroupId = completionTopic });
                var pings = messaging.CreateConsumer(new MessageConsumerOptions { Topic = PingMessage.Topic, GroupId = "acme-" + completionTopic });
                loops =
                [
                    ConsumeAsync(completions, value => tracker.Process(JsonSerializer.Deserialize<Acknowledgement>(value, OpenWhiskJson.Options)!)),
                    ConsumeAsync(pings, value =>
                    {
                        var ping = JsonSerializer.Deserialize<PingMessage>(value, OpenWhiskJson.Options)!;
                        invokers[ping.Name.Instance] = ping.Name;
                    }),
                ];
            }

            public async Task StopAsync(CancellationToken cancellationToken)
            {
                await stopping.CancelAsync();
                await Task.WhenAll(loops);
            }

            public async Task<ActivationPublication> PublishAsync(WhiskAction action, ActivationMessage message, CancellationToken cancellationToken)
            {
                for (var waited = 0; invokers.IsEmpty; waited += 50)
                {
                    if (waited >= 5000)
                    {
                        throw new LoadBalancerUnavailableException("No invoker has announced itself.");
                    }

                    await Task.Delay(50, cancellationToken);
                }

                var target = invokers.Values.Select(i => "invoker" + i.Instance).MinBy(tracker.ActiveOn)!;
                var publication = tracker.Track(action, message, target);
                try
                {
                    await producer!.SendAsync(target, JsonSerializer.SerializeToUtf8Bytes(message, OpenWhiskJson.Options), cancellationToken);
                }
                catch
                {
                    tracker.Cancel(message.ActivationId);
                    throw;
                }

                return publication;
            }

            public Task<IReadOnlyList<InvokerHealth>> GetInvokerHealthAsync(CancellationToken cancellationToken) =>
                Task.FromResult<IReadOnlyList<InvokerHealth>>([.. invokers.Values.Select(i => new InvokerHealth(i, InvokerState.Healthy))]);

            public async ValueTask DisposeAsync()
            {
                if (producer is not null)
                {
                    await producer.DisposeAsync();
                }

                tracker.Dispose();
                stopping.Dispose();
            }

            private async Task ConsumeAsync(IMessageConsumer consumer, Action<byte[]> handle)
            {
                await using (consumer)
                {
                    while (!stopping.IsCancellationRequested)
                    {
                        try
                        {
                            var batch = await consumer.PeekAsync(TimeSpan.FromMilliseconds(200), stopping.Token);
                            foreach (var consumed in batch)
                            {
                                handle(consumed.Value.ToArray());
                            }

                            if (batch.Count > 0)
                            {
                                await consumer.CommitAsync(stopping.Token);
                            }
                        }
                        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                        {
                        }
                    }
                }
            }
        }
        """;
}
