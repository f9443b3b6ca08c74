using Microsoft.Data.Sqlite;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The record log's other half: rows appended to the log (<see cref="RecordLogSegments"/>) are committed to the
/// database in one transaction per <c>RecordLogInterval</c>, or at once when a read of this process asks
/// (<see cref="FlushAsync"/>), on a loop of its own, so that a commit never holds up an append. A segment is deleted
/// once its rows are committed; one whose commit failed is kept and tried again a second later. At start, segments
/// that no live writer holds (a killed process's) are committed before anything is read.
/// </summary>
internal sealed class RecordLogCommitter : IAsyncDisposable
{
    private static readonly TimeSpan RetryDelay = TimeSpan.FromSeconds(1);

    private readonly SqliteDatabase database;
    private readonly RecordLogSegments segments;
    private readonly TimeSpan interval;
    private readonly TimeProvider timeProvider;
    private readonly Lock gate = new();
    private readonly List<string> uncommittedSegments = [];
    private readonly List<PendingActivationRow> uncommittedRows = [];
    private List<PendingActivationRow> appended = [];
    private List<TaskCompletionSource> flushes = [];
    private TaskCompletionSource rowsArrived = NewSignal();
    private TaskCompletionSource hurry = NewSignal();
    private long notCommitted;
    private bool stopping;
    private Task? loop;
    private Task? replayed;

    public RecordLogCommitter(SqliteDatabase database, TimeProvider timeProvider)
    {
        this.database = database;
        this.timeProvider = timeProvider;
        interval = database.Options.RecordLogInterval;
        segments = new RecordLogSegments(database.FilePath + "-records", timeProvider);
    }

    /// <summary>Appends the row to the log; it is durable against the process being killed when this returns.</summary>
    /// <param name="row">The row.</param>
    /// <exception cref="IOException">The log cannot be written; the row does not count.</exception>
    /// <exception cref="UnauthorizedAccessException">The log may not be written.</exception>
    /// <exception cref="StoreUnavailableException">The store is closed.</exception>
    public void Append(PendingActivationRow row)
    {
        EnsureStarted();
        lock (gate)
        {
            if (stopping)
            {
                throw new StoreUnavailableException("The activation store is closed.");
            }

            segments.Append(row);
            appended.Add(row);
            notCommitted++;
            rowsArrived.TrySetResult();
        }
    }

    /// <summary>Commits every row appended before the call, unless none is waiting.</summary>
    /// <param name="cancellationToken">Stops the wait (not the commit).</param>
    /// <returns>A task that completes once they are committed, and fails as the commit did.</returns>
    public Task FlushAsync(CancellationToken cancellationToken)
    {
        var started = EnsureStarted();
        if (!started.IsCompletedSuccessfully)
        {
            return FlushAfterAsync(started, cancellationToken);
        }

        lock (gate)
        {
            if (notCommitted == 0)
            {
                return Task.CompletedTask;
            }

            var flushed = NewSignal();
            flushes.Add(flushed);
            hurry.TrySetResult();
            return flushed.Task.WaitAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Task? running;
        lock (gate)
        {
            stopping = true;
            hurry.TrySetResult();
            rowsArrived.TrySetResult();
            running = loop;
        }

        if (running is not null)
        {
            await running;
        }

        segments.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task FlushAfterAsync(Task started, CancellationToken cancellationToken)
    {
        await started.WaitAsync(cancellationToken);
        await FlushAsync(cancellationToken);
    }

    /// <summary>Starts the loop once; the returned task completes when the leftovers are committed.</summary>
    private Task EnsureStarted()
    {
        if (replayed is { IsFaulted: false } done)
        {
            return done;
        }

        lock (gate)
        {
            if (replayed is null || replayed.IsFaulted)
            {
                replayed = Task.Run(CommitLeftoversAsync);
                loop ??= Task.Run(RunAsync);
            }

            return replayed;
        }
    }

    private async Task CommitLeftoversAsync()
    {
        IReadOnlyList<(FileStream File, List<PendingActivationRow> Rows)> leftovers;
        try
        {
            leftovers = segments.OpenLeftovers();
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            throw new StoreUnavailableException("The record log's leftovers cannot be read: " + exception.Message, exception);
        }

        try
        {
            if (leftovers.Count > 0)
            {
                await using var insert = await BatchInsert.OpenAsync(database);
                insert.Write(leftovers.SelectMany(l => l.Rows).ToList());
                RecordLogSegments.Delete(leftovers.Select(l => l.File.Name));
            }
        }
        catch (SqliteException exception)
        {
            throw SqliteErrors.Map(exception);
        }
        finally
        {
            foreach (var (file, _) in leftovers)
            {
                await file.DisposeAsync();
            }
        }
    }

    private async Task RunAsync()
    {
        BatchInsert? insert = null;
        var failed = false;
        try
        {
            while (true)
            {
                Task arrived, hurried;
                lock (gate)
                {
                    arrived = failed ? Task.CompletedTask : rowsArrived.Task;
                    hurried = hurry.Task;
                }

                await arrived;
                if (!hurried.IsCompleted)
                {
                    // After a failure, tried again a second later at the soonest unless a read asks.
                    using var wait = new CancellationTokenSource();
                    await Task.WhenAny(hurried, Task.Delay(failed ? TimeSpan.FromTicks(Math.Max(interval.Ticks, RetryDelay.Ticks)) : interval, timeProvider, wait.Token));
                    await wait.CancelAsync();
                }

                List<TaskCompletionSource> waiting;
                lock (gate)
                {
                    waiting = flushes;
                    flushes = [];
                    uncommittedRows.AddRange(appended);
                    appended = [];
                    uncommittedSegments.AddRange(segments.TakeClosed());
                    rowsArrived = NewSignal();
                    hurry = NewSignal();
                    if (stopping)
                    {
                        rowsArrived.TrySetResult();
                        hurry.TrySetResult();
                    }
                }

                Exception? failure = null;
                try
                {
                    // Leftovers go first (tried again if they failed), so that a row of theirs never replaces a newer one.
                    await EnsureStarted();

                    if (uncommittedRows.Count > 0)
                    {
                        insert ??= await BatchInsert.OpenAsync(database);
                        insert.Write(uncommittedRows);
                    }

                    RecordLogSegments.Delete(uncommittedSegments);
                    lock (gate)
                    {
                        notCommitted -= uncommittedRows.Count;
                    }

                    uncommittedRows.Clear();
                    uncommittedSegments.Clear();
                }
                catch (Exception exception)
                {
                    if (insert is not null)
                    {
                        await insert.DisposeAsync();
                        insert = null;
                    }

                    failure = exception is SqliteException sqlite ? SqliteErrors.Map(sqlite) : exception;
                }

                failed = failure is not null;
                foreach (var flush in waiting)
                {
                    _ = failure is null ? flush.TrySetResult() : flush.TrySetException(failure);
                }

                lock (gate)
                {
                    if (stopping && (failed || (appended.Count == 0 && notCommitted == 0)))
                    {
                        return;
                    }
                }
            }
        }
        finally
        {
            if (insert is not null)
            {
                await insert.DisposeAsync();
            }
        }
    }
}
