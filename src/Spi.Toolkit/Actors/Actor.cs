using System.Threading.Channels;
using Microsoft.Extensions.Logging;

namespace OpenWhisk.Spi.Toolkit.Actors;

/// <summary>
/// The base of an actor: one mailbox of typed messages and one loop that takes them one at a time, so the state of
/// the derived class is touched by that loop only. A message no case takes is logged (<see cref="Unhandled"/>), a
/// handler that throws is logged and the loop goes on, and timers are keyed: starting one under a key replaces the
/// previous one, and a cancelled or replaced timer's message is never delivered, even if it fired already.
/// </summary>
/// <typeparam name="TMessage">The base type of the actor's messages.</typeparam>
/// <remarks>
/// The loop starts when the derived class calls <see cref="StartReceiving"/> (at the end of its constructor), yields once, and
/// then runs its continuations on the caller's synchronization context, which a virtual-time scheduler relies on.
/// An actor made to take mail on the poster's thread (and no synchronization context) takes a message posted while
/// it waits on the poster's thread until the handler awaits, instead of waking another thread: a warm activation
/// passes through three actors, and each wake-up costs a thread-pool work item. The loop never runs twice at once:
/// only a loop waiting for mail is continued, so a handler that posts to its own actor, or to one whose loop is busy,
/// only queues the message. Leave it off for an actor that one busy loop posts to (a bus's reader): that loop would
/// run the actor's handlers in turn with its own work.
/// </remarks>
public abstract partial class Actor<TMessage>
    where TMessage : class
{
    private readonly Channel<Envelope> mailbox;
    private readonly Dictionary<object, KeyedTimer> timers = [];
    private readonly TimeProvider time;
    private Task completion = Task.CompletedTask;

    /// <summary>Initializes the actor with an unbounded mailbox, or one that holds at most <paramref name="capacity"/> messages.</summary>
    /// <param name="logger">Where unhandled messages and failing handlers are logged.</param>
    /// <param name="time">The clock of the actor's timers.</param>
    /// <param name="capacity">The most messages the mailbox holds (a post to a full one is refused), or 0 for no limit.</param>
    /// <param name="takeOnPosterThread">Whether a message posted while the actor waits for mail is taken on the poster's thread (see the remarks).</param>
    protected Actor(ILogger logger, TimeProvider time, int capacity = 0, bool takeOnPosterThread = false)
    {
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Logger = logger;
        this.time = time;
        mailbox = capacity == 0
            ? Channel.CreateUnbounded<Envelope>(new UnboundedChannelOptions { SingleReader = true, AllowSynchronousContinuations = takeOnPosterThread })
            : Channel.CreateBounded<Envelope>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait, AllowSynchronousContinuations = takeOnPosterThread });
    }

    /// <summary>Gets a task that completes when the loop has ended: after <see cref="Stop"/>, once the messages posted before it are handled.</summary>
    public Task Completion => completion;

    /// <summary>Gets the logger of the actor.</summary>
    protected ILogger Logger { get; }

    /// <summary>Starts the loop; the derived class calls it once, when its state is ready (at the end of its constructor).</summary>
    protected void StartReceiving() => completion = RunAsync();

    /// <summary>Posts a message to the mailbox; safe from any thread.</summary>
    /// <param name="message">The message.</param>
    /// <returns><see langword="false"/> when the actor has stopped or its bounded mailbox is full.</returns>
    protected bool Post(TMessage message) => mailbox.Writer.TryWrite(new Envelope(message, null, false));

    /// <summary>Takes one message; called by the loop only, one message at a time.</summary>
    /// <param name="message">The message.</param>
    /// <returns>A task that completes when the message is handled; the next waits for it.</returns>
    protected abstract ValueTask ReceiveAsync(TMessage message);

    /// <summary>Called by the loop whenever it has taken every message there was, before it waits for more.</summary>
    protected virtual void OnMailboxEmpty()
    {
    }

    /// <summary>Called by the loop once after its last message, when it ends.</summary>
    protected virtual void OnStopped()
    {
    }

    /// <summary>Logs a message that <see cref="ReceiveAsync"/> does not take in the actor's current state.</summary>
    /// <param name="message">The message.</param>
    protected void Unhandled(TMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        LogUnhandled(Logger, GetType().Name, message.GetType().Name);
    }

    /// <summary>
    /// Stops the actor from outside its loop: the messages posted before are handled, then <see cref="Stop"/> runs on
    /// the loop (waiting for room in a full bounded mailbox).
    /// </summary>
    /// <returns>A task that completes when the loop has ended.</returns>
    protected async Task StopFromOutsideAsync()
    {
        try
        {
            await mailbox.Writer.WriteAsync(new Envelope(null!, null, true));
        }
        catch (ChannelClosedException)
        {
            // Stopped already.
        }

        await Completion;
    }

    /// <summary>Ends the loop once the messages already posted are handled, and cancels every timer; called by the loop.</summary>
    protected void Stop()
    {
        foreach (var timer in timers.Values)
        {
            timer.Dispose();
        }

        timers.Clear();
        mailbox.Writer.TryComplete();
    }

    /// <summary>
    /// Posts <paramref name="message"/> after <paramref name="delay"/>, and then every <paramref name="period"/> if given;
    /// replaces the timer of the same key. Called by the loop (or by the constructor, before <see cref="StartReceiving"/>).
    /// </summary>
    /// <param name="key">The timer's key.</param>
    /// <param name="message">The message it posts.</param>
    /// <param name="delay">When it posts first (negative counts as zero).</param>
    /// <param name="period">How often it posts after that, or <see langword="null"/> for once.</param>
    protected void StartTimer(object key, TMessage message, TimeSpan delay, TimeSpan? period = null)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(message);
        CancelTimer(key);
        var keyed = new KeyedTimer(key, period is not null, message, mailbox.Writer);
        timers[key] = keyed;
        keyed.Timer = time.CreateTimer(
            static state => ((KeyedTimer)state!).Fire(),
            keyed,
            delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            period ?? Timeout.InfiniteTimeSpan);
    }

    /// <summary>Cancels the timer of <paramref name="key"/>; a message it posted already is not delivered. Called by the loop.</summary>
    /// <param name="key">The timer's key.</param>
    /// <returns><see langword="true"/> when there was one.</returns>
    protected bool CancelTimer(object key)
    {
        if (!timers.Remove(key, out var timer))
        {
            return false;
        }

        timer.Dispose();
        return true;
    }

    /// <summary>Tells whether a timer of <paramref name="key"/> is active (started, not cancelled, and not fired if it fires once).</summary>
    /// <param name="key">The timer's key.</param>
    /// <returns><see langword="true"/> when it is.</returns>
    protected bool IsTimerActive(object key) => timers.ContainsKey(key);

    private async Task RunAsync()
    {
        await Task.Yield();
        var reader = mailbox.Reader;

        // WaitToReadAsync is awaited here (not through ReadAllAsync) so that continuations stay on the caller's
        // synchronization context.
        while (await reader.WaitToReadAsync())
        {
            while (reader.TryRead(out var envelope))
            {
                if (envelope.Stops)
                {
                    Stop();
                    continue;
                }

                if (envelope.Timer is { } fired && !TakeTimerMessage(fired))
                {
                    continue;
                }

                try
                {
                    await ReceiveAsync(envelope.Message);
                }
                catch (Exception exception)
                {
                    LogHandlerFailed(Logger, GetType().Name, envelope.Message.GetType().Name, exception);
                }
            }

            OnMailboxEmpty();
        }

        OnStopped();
    }

    /// <summary>A timer's message is delivered only while that timer is still the one of its key; a single one then ends.</summary>
    private bool TakeTimerMessage(KeyedTimer fired)
    {
        if (!timers.TryGetValue(fired.Key, out var current) || !ReferenceEquals(current, fired))
        {
            return false;
        }

        if (!fired.Periodic)
        {
            timers.Remove(fired.Key);
            fired.Dispose();
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Actor} received {Message}, which it does not handle in its state; dropped")]
    private static partial void LogUnhandled(ILogger logger, string actor, string message);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Actor} failed to handle {Message}")]
    private static partial void LogHandlerFailed(ILogger logger, string actor, string message, Exception exception);

    private readonly record struct Envelope(TMessage Message, KeyedTimer? Timer, bool Stops);

    private sealed class KeyedTimer(object key, bool periodic, TMessage message, ChannelWriter<Envelope> mailbox) : IDisposable
    {
        public object Key { get; } = key;

        public bool Periodic { get; } = periodic;

        public ITimer? Timer { get; set; }

        public void Fire() => mailbox.TryWrite(new Envelope(message, this, false));

        public void Dispose() => Timer?.Dispose();
    }
}
