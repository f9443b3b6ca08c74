using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// Writes activation records through one writer (SQLite allows one at a time): records that arrive while a batch is
/// being written go together in the next transaction (group commit), so writers never wait on each other's locks and
/// a burst costs one commit instead of one each. A write completes when its batch is committed. With
/// <c>Stores:Sqlite:RecordLog</c>, a write is instead appended to the record log on the caller's thread, and complete
/// when that returns (<see cref="RecordLogCommitter"/> commits it later, and before this process reads).
/// </summary>
internal sealed class SqliteActivationWriter(SqliteDatabase database, TimeProvider timeProvider) : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly RecordLogCommitter? recordLog = database.Options.RecordLog ? new RecordLogCommitter(database, timeProvider) : null;

    private readonly Channel<PendingActivationRow> queue = Channel.CreateUnbounded<PendingActivationRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private Task? loop;

    public Task WriteAsync(ActivationRecord record, CancellationToken cancellationToken) =>
        EnqueueAsync(Row(PendingRowKind.Record, record), cancellationToken);

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken) =>
        EnqueueAsync(Row(PendingRowKind.Overdue, accepted.Fallback), cancellationToken);

    public Task ForgetAsync(string namespaceName, string activationId, long forgotten, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingActivationRow(PendingRowKind.Forget, namespaceName, activationId, string.Empty, forgotten, []), cancellationToken);

    /// <summary>Makes every row written before the call visible to this process's reads.</summary>
    /// <param name="cancellationToken">Stops the wait.</param>
    /// <returns>A task that completes once they are committed (at once without a record log).</returns>
    public Task FlushAsync(CancellationToken cancellationToken) =>
        recordLog is null ? Task.CompletedTask : recordLog.FlushAsync(cancellationToken);

    private static PendingActivationRow Row(PendingRowKind kind, ActivationRecord record) =>
        RecordLogSegments.Row(kind, record, OpenWhiskJson.SerializeDocumentToUtf8Bytes(record));

    private Task EnqueueAsync(PendingActivationRow pending, CancellationToken cancellationToken)
    {
        if (recordLog is not null)
        {
            // Appended on the caller's thread: one write, and no other thread to wake and wait for.
            return AppendToLog(recordLog, pending);
        }

        lock (gate)
        {
            loop ??= Task.Run(RunAsync, CancellationToken.None);
        }

        var written = pending.Written.Task;
        if (!queue.Writer.TryWrite(pending))
        {
            throw new StoreUnavailableException("The activation store is closed.");
        }

        return written.WaitAsync(cancellationToken);
    }

    private static Task AppendToLog(RecordLogCommitter recordLog, PendingActivationRow pending)
    {
        try
        {
            recordLog.Append(pending);
            return Task.CompletedTask;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return Task.FromException(new StoreUnavailableException("The record log cannot be written: " + exception.Message, exception));
        }
        catch (StoreUnavailableException exception)
        {
            return Task.FromException(exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        Task? running;
        lock (gate)
        {
            running = loop;
        }

        if (running is not null)
        {
            await running;
        }

        if (recordLog is not null)
        {
            await recordLog.DisposeAsync();
        }
    }

    private async Task RunAsync()
    {
        var batch = new List<PendingActivationRow>(MaxBatch);
        BatchInsert? insert = null;
        try
        {
            while (await queue.Reader.WaitToReadAsync())
            {
                while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
                {
                    batch.Add(pending);
                }

                try
                {
                    insert ??= await BatchInsert.OpenAsync(database);
                    insert.Write(batch);

                    batch.ForEach(p => p.Written.TrySetResult());
                }
                catch (Exception exception)
                {
                    // Start over on a fresh connection next time: this one may be broken.
                    if (insert is not null)
                    {
                        await insert.DisposeAsync();
                        insert = null;
                    }

                    var failure = exception is SqliteException sqlite ? SqliteErrors.Map(sqlite) : exception;
                    batch.ForEach(p => p.Written.TrySetException(failure));
                }

                batch.Clear();
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
