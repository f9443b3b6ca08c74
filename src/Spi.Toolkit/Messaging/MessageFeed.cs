using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Spi.Toolkit.Messaging;

/// <summary>
/// Pulls messages from a consumer and hands them to a handler with credit-based back-pressure (OpenWhisk's
/// <c>MessageFeed</c>): at most <c>capacity</c> messages are with the handler at once, and the feed only
/// peeks when it has credit. The handler calls <see cref="Processed"/> once per message it finished (or, for a feed
/// made by <see cref="Awaiting"/>, finishes a message when its task ends). Offsets are committed right after each
/// peek, so delivery is at most once, as in OpenWhisk. A handler that throws is logged and its credit returned; a
/// failing read is logged and retried: the feed never stops on its own.
/// </summary>
public sealed partial class MessageFeed : IAsyncDisposable
{
    private readonly string description;
    private readonly IMessageConsumer consumer;
    private readonly int capacity;
    private readonly TimeSpan longPoll;
    private readonly Func<ConsumedMessage, CancellationToken, Task> handler;
    private readonly ILogger logger;
    private readonly TimeProvider timeProvider;
    private readonly SemaphoreSlim credits;
    private readonly CancellationTokenSource stopping = new();
    private Task? loop;
    private bool ownsConsumer;
    private bool disposed;

    /// <summary>Initializes a new instance of the <see cref="MessageFeed"/> class.</summary>
    /// <param name="description">Names the feed in logs, for example its topic.</param>
    /// <param name="consumer">Where messages come from; the caller disposes it.</param>
    /// <param name="capacity">The most messages with the handler at once.</param>
    /// <param name="longPoll">How long one peek waits for messages.</param>
    /// <param name="handler">Takes each message; calls <see cref="Processed"/> once it finished with it.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="timeProvider">The clock of the pauses after a failure.</param>
    public MessageFeed(
        string description,
        IMessageConsumer consumer,
        int capacity,
        TimeSpan longPoll,
        Func<ConsumedMessage, CancellationToken, Task> handler,
        ILogger logger,
        TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(consumer);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.description = description;
        this.consumer = consumer;
        this.capacity = capacity;
        this.longPoll = longPoll;
        this.handler = handler;
        this.logger = logger;
        this.timeProvider = timeProvider;
        credits = new SemaphoreSlim(capacity, capacity);
    }

    /// <summary>
    /// Creates a feed that hands one message at a time to <paramref name="handler"/> and takes the next when its task
    /// ends (completions, pings, heartbeats: handlers that do their work before returning). The feed owns the consumer
    /// and disposes it with itself.
    /// </summary>
    /// <param name="description">Names the feed in logs, for example its topic.</param>
    /// <param name="consumer">Where messages come from.</param>
    /// <param name="handler">Takes each message.</param>
    /// <param name="logger">Where failures are logged.</param>
    /// <param name="timeProvider">The clock of the pauses after a failure.</param>
    /// <returns>The feed, not started.</returns>
    public static MessageFeed Awaiting(string description, IMessageConsumer consumer, Func<ConsumedMessage, CancellationToken, Task> handler, ILogger logger, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(logger);
        MessageFeed? feed = null;
        feed = new MessageFeed(description, consumer, 1, TimeSpan.FromSeconds(1), async (message, cancellationToken) =>
        {
            try
            {
                await handler(message, cancellationToken);
            }
            catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Logged here, so that the credit is returned once, below.
                LogHandlerFailed(logger, description, message.Offset, exception);
            }
            finally
            {
                feed!.Processed();
            }
        }, logger, timeProvider)
        {
            ownsConsumer = true,
        };
        return feed;
    }

    /// <summary>Gets the number of messages handed to the handler and not yet processed.</summary>
    public int Outstanding => capacity - credits.CurrentCount;

    /// <summary>Starts pulling.</summary>
    public void Start() => loop ??= RunAsync(stopping.Token);

    /// <summary>Returns one credit: the handler finished one message.</summary>
    public void Processed()
    {
        try
        {
            credits.Release();
        }
        catch (SemaphoreFullException)
        {
            // More Processed signals than messages (for example from prewarm removals) do no harm.
        }
    }

    /// <summary>Stops pulling and waits for the loop to end.</summary>
    /// <returns>A task that completes when the feed has stopped.</returns>
    public async Task StopAsync()
    {
        if (disposed)
        {
            return;
        }

        await stopping.CancelAsync();
        if (loop is not null)
        {
            await loop;
        }
    }

    /// <summary>Stops pulling; disposes the consumer when the feed owns it.</summary>
    /// <returns>A task.</returns>
    public async ValueTask DisposeAsync()
    {
        if (disposed)
        {
            return;
        }

        await StopAsync();
        disposed = true;
        stopping.Dispose();
        credits.Dispose();
        if (ownsConsumer)
        {
            await consumer.DisposeAsync();
        }
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await credits.WaitAsync(cancellationToken);
                var batch = await consumer.PeekAsync(longPoll, cancellationToken);
                if (batch.Count == 0)
                {
                    credits.Release();
                    continue;
                }

                await CommitQuietlyAsync(cancellationToken);
                for (var i = 0; i < batch.Count; i++)
                {
                    if (i > 0)
                    {
                        await credits.WaitAsync(cancellationToken);
                    }

                    await DispatchAsync(batch[i], cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception exception)
            {
                // Whatever the consumer throws (a cancellation of its own included), the feed goes on: a dead loop
                // would silently stop its reader from hearing anything.
                LogFeedFailed(logger, description, exception);
                Processed();
                await DelayQuietly(TimeSpan.FromMilliseconds(100), cancellationToken);
            }
        }
    }

    /// <summary>Commits right after the peek (at most once); a failed commit never drops the batch.</summary>
    private async Task CommitQuietlyAsync(CancellationToken cancellationToken)
    {
        try
        {
            await consumer.CommitAsync(cancellationToken);
        }
        catch (MessagingException exception)
        {
            LogCommitFailed(logger, description, exception);
        }
    }

    private async Task DispatchAsync(ConsumedMessage message, CancellationToken cancellationToken)
    {
        try
        {
            await handler(message, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogHandlerFailed(logger, description, message.Offset, exception);
            Processed();
        }
    }

    private async Task DelayQuietly(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, timeProvider, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Feed} failed to read messages; retrying")]
    private static partial void LogFeedFailed(ILogger logger, string feed, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Feed {Feed} could not commit; the messages may be delivered again")]
    private static partial void LogCommitFailed(ILogger logger, string feed, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Feed {Feed} handler failed on message at offset {Offset}")]
    private static partial void LogHandlerFailed(ILogger logger, string feed, long offset, Exception exception);
}
