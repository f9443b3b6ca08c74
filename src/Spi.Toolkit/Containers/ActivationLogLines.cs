using System.Text;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>
/// The lines read from one container's log stream that no activation has taken yet, a queue per stream: the
/// proxy ends each activation's output with a sentinel on stdout and one on stderr, and each activation takes
/// every stream up to its own sentinel, so lines a later activation already wrote stay for that activation even
/// when its logs are read before the earlier one's are done.
/// </summary>
/// <param name="timeProvider">The clock of the idle and overall read limits.</param>
public sealed class ActivationLogLines(TimeProvider timeProvider)
{
    /// <summary>The stdout stream's index.</summary>
    public const int Stdout = 0;

    /// <summary>The stderr stream's index.</summary>
    public const int Stderr = 1;

    /// <summary>
    /// The most characters a source holds for one line it is still reassembling: a longer line (an action printing
    /// without a newline) is handed on in pieces of this length, so that no action can make the invoker hold more.
    /// </summary>
    public const int MaxLineLength = 1024 * 1024;

    private readonly Queue<(long Sequence, ContainerLogLine Line)>[] queues = [new(), new()];
    private readonly Lock gate = new();
    private TaskCompletionSource arrived = NewSignal();
    private TaskCompletionSource readerWaits = NewSignal();
    private long sequence;
    private int waitingReaders;
    private bool ended;

    /// <summary>
    /// Reads one activation's lines: stdout up to its sentinel and stderr up to its own, each stream on its own,
    /// so lines a later activation already wrote to the other stream stay for that activation.
    /// </summary>
    /// <param name="request">The byte limit, the idle timeout and whether to wait for the sentinels.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The lines, in the order the engine delivered them.</returns>
    public async Task<ContainerLogs> TakeActivationAsync(ContainerLogRequest request, CancellationToken cancellationToken)
    {
        var collected = new[] { new List<(long Sequence, ContainerLogLine Line)>(), new List<(long Sequence, ContainerLogLine Line)>() };
        var sentinel = new bool[2];
        long bytes = 0;
        var truncated = false;
        var idle = request.WaitForSentinel ? request.IdleTimeout : TimeSpan.FromMilliseconds(100);
        var total = TimeSpan.FromSeconds(Math.Max(request.LimitBytes / (1024 * 1024), 5) * 2);
        using var overall = new CancellationTokenSource(total, timeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(overall.Token, cancellationToken);
        while (!(sentinel[Stdout] && sentinel[Stderr]))
        {
            var next = TakeOrWait(sentinel, out var stream, out var taken);
            if (next is not null)
            {
                bool arrivedInTime;
                try
                {
                    arrivedInTime = await ArrivedAsync(next, idle, linked.Token, cancellationToken);
                }
                finally
                {
                    StopWaiting();
                }

                if (!arrivedInTime)
                {
                    return Merge(collected, truncated, incomplete: request.WaitForSentinel);
                }

                continue;
            }

            if (stream < 0)
            {
                return Merge(collected, truncated, incomplete: request.WaitForSentinel);
            }

            if (taken.Line.Message == ActionProxyProtocol.LogSentinel)
            {
                sentinel[stream] = true;
                continue;
            }

            bytes += Encoding.UTF8.GetByteCount(taken.Line.Message) + taken.Line.Time.Length + taken.Line.Stream.Length + 4;
            if (bytes > request.LimitBytes)
            {
                truncated = true;
                continue;
            }

            collected[stream].Add(taken);
        }

        return Merge(collected, truncated, incomplete: false);
    }

    /// <summary>
    /// Returns a task that completes when a reader waits for lines not here yet: a source that has to look for
    /// new lines (rather than being pushed them) looks only then.
    /// </summary>
    /// <returns>The task; already complete while a reader waits.</returns>
    public Task ReaderWaitsAsync()
    {
        lock (gate)
        {
            return waitingReaders > 0 ? Task.CompletedTask : readerWaits.Task;
        }
    }

    /// <summary>Adds a line the engine delivered on <paramref name="stream"/>.</summary>
    /// <param name="stream"><see cref="Stdout"/> or <see cref="Stderr"/>.</param>
    /// <param name="line">The line.</param>
    public void Append(int stream, ContainerLogLine line)
    {
        TaskCompletionSource toSignal;
        lock (gate)
        {
            queues[stream].Enqueue((sequence++, line));
            toSignal = arrived;
            arrived = NewSignal();
        }

        toSignal.TrySetResult();
    }

    /// <summary>Marks the end of the log stream: readers take what is left and then stop waiting.</summary>
    public void End()
    {
        TaskCompletionSource toSignal;
        lock (gate)
        {
            ended = true;
            toSignal = arrived;
        }

        toSignal.TrySetResult();
    }

    /// <summary>
    /// Takes the next line of a stream whose sentinel is still missing (stdout first); when there is none, returns
    /// the signal of the next arrival (the caller then waits and calls <see cref="StopWaiting"/>), or sets
    /// <paramref name="stream"/> to -1 when the log stream has ended.
    /// </summary>
    private Task? TakeOrWait(bool[] sentinel, out int stream, out (long Sequence, ContainerLogLine Line) taken)
    {
        lock (gate)
        {
            for (stream = Stdout; stream <= Stderr; stream++)
            {
                if (!sentinel[stream] && queues[stream].TryDequeue(out taken))
                {
                    return null;
                }
            }

            taken = default;
            stream = -1;
            if (ended)
            {
                return null;
            }

            if (waitingReaders++ == 0)
            {
                readerWaits.TrySetResult();
                readerWaits = NewSignal();
            }

            return arrived.Task;
        }
    }

    private void StopWaiting()
    {
        lock (gate)
        {
            waitingReaders--;
        }
    }

    /// <summary>
    /// Waits for <paramref name="signal"/> at most <paramref name="idle"/>; false when nothing came in time or the
    /// read ran out of its overall time; throws when the caller cancelled.
    /// </summary>
    private async Task<bool> ArrivedAsync(Task signal, TimeSpan idle, CancellationToken linked, CancellationToken caller)
    {
        try
        {
            await signal.WaitAsync(idle, timeProvider, linked);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
        catch (OperationCanceledException) when (!caller.IsCancellationRequested)
        {
            return false;
        }
    }

    /// <summary>Puts the two streams' lines back in the order the engine delivered them.</summary>
    private static ContainerLogs Merge(List<(long Sequence, ContainerLogLine Line)>[] collected, bool truncated, bool incomplete)
    {
        var merged = new List<ContainerLogLine>(collected[Stdout].Count + collected[Stderr].Count);
        int o = 0, e = 0;
        while (o < collected[Stdout].Count || e < collected[Stderr].Count)
        {
            var takeOut = e >= collected[Stderr].Count
                || (o < collected[Stdout].Count && collected[Stdout][o].Sequence < collected[Stderr][e].Sequence);
            merged.Add(takeOut ? collected[Stdout][o++].Line : collected[Stderr][e++].Line);
        }

        return new ContainerLogs(merged, truncated, incomplete);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
