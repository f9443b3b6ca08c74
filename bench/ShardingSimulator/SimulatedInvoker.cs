using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Bench.ShardingSimulator;

/// <summary>
/// An invoker played over the bus: it pings every second, and answers every activation sent to its topic at once
/// with a combined acknowledgement of a successful record, to the completion topic the message names.
/// </summary>
internal sealed class SimulatedInvoker(int instance, IMessagingProvider bus, IMessageProducer producer)
{
    private long handled;

    public int Instance => instance;

    /// <summary>Gets how many activations (health tests included) this invoker answered.</summary>
    public long Handled => Interlocked.Read(ref handled);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var id = new InvokerInstanceId { Instance = instance, UserMemoryMb = 2048 };
        var topic = "invoker" + instance;
        await using var consumer = bus.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = topic, MaxPeek = 64 });
        var pinging = PingAsync(id, cancellationToken);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await consumer.PeekAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
                foreach (var received in batch)
                {
                    var message = JsonSerializer.Deserialize<ActivationMessage>(received.Value.Span, OpenWhiskJson.Options)!;
                    var record = new ActivationRecord
                    {
                        Namespace = message.User.Namespace.Name,
                        Name = message.Action.Name,
                        Subject = message.User.Subject,
                        ActivationId = message.ActivationId,
                        Start = 1,
                        End = 2,
                        Duration = 1,
                        Response = ActivationResponse.Success(null),
                    };
                    var ack = Acknowledgement.Combined(message.TransactionId, record, id);
                    await producer.SendAsync(message.RootControllerIndex.CompletionTopic, JsonSerializer.SerializeToUtf8Bytes(ack, OpenWhiskJson.Options), cancellationToken);
                    Interlocked.Increment(ref handled);
                }

                await consumer.CommitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }

        await pinging;
    }

    private async Task PingAsync(InvokerInstanceId id, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await producer.SendAsync(PingMessage.Topic, JsonSerializer.SerializeToUtf8Bytes(new PingMessage(id), OpenWhiskJson.Options), cancellationToken);
                await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
