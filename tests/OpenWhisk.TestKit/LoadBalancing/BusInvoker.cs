using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.TestKit.LoadBalancing;

/// <summary>
/// An invoker played over a messaging provider, for testing balancers that talk to invokers through the bus: it
/// pings <see cref="PingMessage.Topic"/> every second, takes activations from <c>invoker&lt;N&gt;</c>, waits the
/// <c>simulate.durationMs</c> of each, and answers its controller's completion topic: a blocking activation with a
/// combined acknowledgement carrying a success record (whose result is the activation's parameters without
/// <c>simulate</c>), a non-blocking one with a completion carrying its id.
/// </summary>
public sealed class BusInvoker : IAsyncDisposable
{
    private readonly IMessagingProvider bus;
    private readonly InvokerInstanceId id;
    private readonly CancellationTokenSource stopping = new();
    private readonly List<Task> loops = [];
    private readonly List<Task> runs = [];
    private readonly List<Exception> faults = [];
    private IMessageProducer? producer;
    private int received;

    /// <summary>Initializes a new instance of the <see cref="BusInvoker"/> class.</summary>
    /// <param name="bus">The messaging provider the balancer uses.</param>
    /// <param name="instance">The invoker's number: it consumes <c>invoker&lt;instance&gt;</c>.</param>
    /// <param name="userMemoryMb">The memory it announces in its pings.</param>
    public BusInvoker(IMessagingProvider bus, int instance = 0, int userMemoryMb = 2048)
    {
        this.bus = bus ?? throw new ArgumentNullException(nameof(bus));
        id = new InvokerInstanceId { Instance = instance, UserMemoryMb = userMemoryMb };
    }

    /// <summary>Gets the number of activations received so far.</summary>
    public int Received => Volatile.Read(ref received);

    /// <summary>Gets what went wrong while playing the invoker (a message it could not read, a send that failed).</summary>
    public IReadOnlyList<Exception> Faults
    {
        get
        {
            lock (faults)
            {
                return [.. faults];
            }
        }
    }

    /// <summary>Starts pinging and consuming.</summary>
    /// <param name="cancellationToken">Cancels the start.</param>
    /// <returns>A task.</returns>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var topic = "invoker" + id.Instance.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await bus.EnsureTopicAsync(topic, TopicOptions.Default, cancellationToken);
        await bus.EnsureTopicAsync(PingMessage.Topic, TopicOptions.Default, cancellationToken);
        producer = bus.CreateProducer(MessageProducerOptions.Default);
        var consumer = bus.CreateConsumer(new MessageConsumerOptions { Topic = topic, GroupId = topic, MaxPeek = 64 });
        loops.Add(ConsumeAsync(consumer, stopping.Token));
        loops.Add(PingAsync(stopping.Token));
    }

    /// <summary>Stops playing; the activations it still runs are abandoned, as a stopped invoker's are.</summary>
    /// <returns>A task.</returns>
    /// <exception cref="AggregateException">Something went wrong while it played (see <see cref="Faults"/>).</exception>
    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        List<Task> all;
        lock (runs)
        {
            all = [.. loops, .. runs];
        }

        try
        {
            await Task.WhenAll(all);
        }
        catch (OperationCanceledException)
        {
        }

        if (producer is not null)
        {
            await producer.DisposeAsync();
        }

        stopping.Dispose();
        if (Faults is [_, ..] found)
        {
            throw new AggregateException("The played invoker failed.", found);
        }
    }

    private async Task PingAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await producer!.SendAsync(PingMessage.Topic, JsonSerializer.SerializeToUtf8Bytes(new PingMessage(id), OpenWhiskJson.Options), cancellationToken);
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    private async Task ConsumeAsync(IMessageConsumer consumer, CancellationToken cancellationToken)
    {
        await using (consumer)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var batch = await consumer.PeekAsync(TimeSpan.FromMilliseconds(200), cancellationToken);
                foreach (var consumed in batch)
                {
                    Interlocked.Increment(ref received);
                    var run = Observed(() => RunAsync(JsonSerializer.Deserialize<ActivationMessage>(consumed.Value.Span, OpenWhiskJson.Options)!, cancellationToken));
                    lock (runs)
                    {
                        runs.RemoveAll(r => r.IsCompleted);
                        runs.Add(run);
                    }
                }

                if (batch.Count > 0)
                {
                    await consumer.CommitAsync(cancellationToken);
                }
            }
        }
    }

    private async Task Observed(Func<Task> run)
    {
        try
        {
            await run();
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            lock (faults)
            {
                faults.Add(exception);
            }
        }
    }

    private async Task RunAsync(ActivationMessage message, CancellationToken cancellationToken)
    {
        var start = DateTimeOffset.UtcNow;
        var parameters = message.Content is { ValueKind: JsonValueKind.Object } content
            ? content.EnumerateObject().Where(p => p.Name != "simulate").ToDictionary(p => p.Name, p => p.Value)
            : [];
        if (message.Content is { ValueKind: JsonValueKind.Object } withSimulate
            && withSimulate.TryGetProperty("simulate", out var simulate)
            && simulate.TryGetProperty("durationMs", out var duration))
        {
            await Task.Delay(duration.GetInt32(), cancellationToken);
        }

        var record = new ActivationRecord
        {
            Namespace = message.User.Namespace.Name,
            Name = message.Action.Name,
            Subject = message.User.Subject,
            ActivationId = message.ActivationId,
            Start = start.ToUnixTimeMilliseconds(),
            End = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            Response = ActivationResponse.Success(JsonSerializer.SerializeToElement(parameters)),
        };
        // As OpenWhisk's invoker: a blocking caller gets the record with the completion, a non-blocking one the id only.
        var acknowledgement = message.Blocking
            ? Acknowledgement.Combined(message.TransactionId, record, id)
            : Acknowledgement.Completion(message.TransactionId, record, id);
        await producer!.SendAsync(message.RootControllerIndex.CompletionTopic, JsonSerializer.SerializeToUtf8Bytes(acknowledgement, OpenWhiskJson.Options), cancellationToken);
    }
}
