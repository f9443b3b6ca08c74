using System.Collections.Concurrent;
using System.Text.Json;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Bench.ShardingSimulator;

/// <summary>
/// The baseline: the same activation messages sent round-robin straight to the invokers' topics and their
/// acknowledgements read from a completion topic of its own, with no balancer in between (no placement, no slots, no
/// tracking, no supervision), so that the balancer's run minus this one is what the balancer costs.
/// </summary>
internal sealed class DirectBaseline(IMessagingProvider bus, IMessageProducer producer, int invokers) : IAsyncDisposable
{
    public const string ControllerId = "baseline";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> waiting = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource stopping = new();
    private Task? reading;
    private long sent;

    public void Start() => reading = ReadAsync(stopping.Token);

    public async Task InvokeAsync(ActivationMessage message)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        waiting[message.ActivationId] = done;
        var invoker = (int)(Interlocked.Increment(ref sent) % invokers);
        await producer.SendAsync("invoker" + invoker, JsonSerializer.SerializeToUtf8Bytes(message, OpenWhiskJson.Options), CancellationToken.None);
        await done.Task;
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        if (reading is not null)
        {
            await reading;
        }

        stopping.Dispose();
    }

    private async Task ReadAsync(CancellationToken cancellationToken)
    {
        await using var consumer = bus.CreateConsumer(new MessageConsumerOptions { Topic = "completed" + ControllerId, GroupId = "completed" + ControllerId, MaxPeek = 128 });
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                foreach (var received in await consumer.PeekAsync(TimeSpan.FromMilliseconds(200), cancellationToken))
                {
                    var ack = JsonSerializer.Deserialize<Acknowledgement>(received.Value.Span, OpenWhiskJson.Options)!;
                    if (waiting.TryRemove(ack.ActivationId, out var done))
                    {
                        done.TrySetResult();
                    }
                }

                await consumer.CommitAsync(cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }
}
