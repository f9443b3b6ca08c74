using System.Collections.Concurrent;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>
/// The one thread on which a consumer's peeks block in librdkafka. A peek waits up to its long poll on its thread, so
/// it must not hold a pool thread; starting a thread per peek (a long-running task) cost a thread's creation and end
/// for every batch. Peeks run in the order asked. A peek's caller goes on on this thread when the peek ends, as it
/// did on the thread of a long-running task; its next peek is then already queued when this thread looks.
/// </summary>
internal sealed class PeekThread : IDisposable
{
    private readonly BlockingCollection<PeekRequest> requests = new(new ConcurrentQueue<PeekRequest>());
    private readonly Func<TimeSpan, CancellationToken, IReadOnlyList<ConsumedMessage>> peek;

    /// <summary>Initializes a new instance of the <see cref="PeekThread"/> class and starts its thread.</summary>
    /// <param name="name">The thread's name.</param>
    /// <param name="peek">Takes the wait and the cancellation; blocks until messages or the end of the wait.</param>
    public PeekThread(string name, Func<TimeSpan, CancellationToken, IReadOnlyList<ConsumedMessage>> peek)
    {
        this.peek = peek;
        new Thread(Serve) { IsBackground = true, Name = name }.Start();
    }

    /// <summary>Queues a peek.</summary>
    /// <param name="maxWait">How long the peek waits for a first message.</param>
    /// <param name="cancellationToken">Ends the wait; a peek cancelled before it began is cancelled.</param>
    /// <returns>The messages peeked.</returns>
    public Task<IReadOnlyList<ConsumedMessage>> PeekAsync(TimeSpan maxWait, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<IReadOnlyList<ConsumedMessage>>(cancellationToken);
        }

        var request = new PeekRequest(maxWait, cancellationToken);
        requests.Add(request, CancellationToken.None);
        return request.Answer.Task;
    }

    /// <summary>Lets the thread end once the peeks queued are done.</summary>
    public void Dispose() => requests.CompleteAdding();

    private void Serve()
    {
        foreach (var request in requests.GetConsumingEnumerable())
        {
            if (request.CancellationToken.IsCancellationRequested)
            {
                request.Answer.TrySetCanceled(request.CancellationToken);
                continue;
            }

            try
            {
                request.Answer.TrySetResult(peek(request.MaxWait, request.CancellationToken));
            }
            catch (Exception exception)
            {
                request.Answer.TrySetException(exception);
            }
        }

        requests.Dispose();
    }
}
