using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka.Balancing;

/// <summary>
/// Reads a topic in a loop and hands every message to a handler, committing after each batch. The consumer's
/// bounded peek is the back-pressure: nothing is read ahead of the handler.
/// </summary>
internal sealed partial class TopicPump(IMessageConsumer consumer, Func<ConsumedMessage, Task> handle, TimeProvider time, ILogger logger) : IAsyncDisposable
{
    private readonly CancellationTokenSource stopping = new();
    private Task loop = Task.CompletedTask;

    public void Start() => loop = Task.Run(() => RunAsync(stopping.Token));

    public async Task StopAsync()
    {
        await stopping.CancelAsync();
        await loop;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        stopping.Dispose();
        await consumer.DisposeAsync();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var batch = await consumer.PeekAsync(TimeSpan.FromSeconds(1), cancellationToken);
                LogBatch(logger, consumer.Topic, batch.Count);
                foreach (var message in batch)
                {
                    await HandleAsync(message);
                }

                if (batch.Count > 0)
                {
                    await CommitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception)
            {
                // Whatever the client throws, the loop must survive it: a dead loop would silently stop the
                // controller from hearing completions or pings.
                LogReadFailed(logger, consumer.Topic, exception);
                await PauseAsync(cancellationToken);
            }
        }
    }

    private async Task HandleAsync(ConsumedMessage message)
    {
        try
        {
            await handle(message);
        }
        catch (Exception exception)
        {
            LogHandlerFailed(logger, message.Topic, message.Offset, exception);
        }
    }

    private async Task CommitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await consumer.CommitAsync(cancellationToken);
        }
        catch (MessagingException exception)
        {
            // The next commit covers these messages too; at worst they are read again after a restart.
            LogCommitFailed(logger, consumer.Topic, exception);
        }
    }

    private async Task PauseAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(500), time, cancellationToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "Read {Count} messages from {Topic}")]
    private static partial void LogBatch(ILogger logger, string topic, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading topic {Topic} failed; retrying")]
    private static partial void LogReadFailed(ILogger logger, string topic, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Handling the message at {Topic}:{Offset} failed")]
    private static partial void LogHandlerFailed(ILogger logger, string topic, long offset, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Committing topic {Topic} failed")]
    private static partial void LogCommitFailed(ILogger logger, string topic, Exception exception);
}
