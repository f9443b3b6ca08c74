using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// Writes activation records through one writer (SQLite allows one at a time): records that arrive while a batch is
/// being written go together in the next transaction (group commit), so writers never wait on each other's locks and
/// a burst costs one commit instead of one each. A write completes when its batch is committed.
/// </summary>
internal sealed class SqliteActivationWriter(SqliteDatabase database) : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<PendingActivationRow> queue = Channel.CreateUnbounded<PendingActivationRow>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private Task? loop;

    public Task WriteAsync(ActivationRecord record, CancellationToken cancellationToken) =>
        EnqueueAsync(Row(PendingRowKind.Record, record), cancellationToken);

    public Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken) =>
        EnqueueAsync(Row(PendingRowKind.Overdue, accepted.Fallback), cancellationToken);

    public Task ForgetAsync(string namespaceName, string activationId, long forgotten, CancellationToken cancellationToken) =>
        EnqueueAsync(new PendingActivationRow(PendingRowKind.Forget, namespaceName, activationId, string.Empty, forgotten, []), cancellationToken);

    private static PendingActivationRow Row(PendingRowKind kind, ActivationRecord record) => new(
        kind,
        record.Namespace,
        record.ActivationId,
        ActivationPaths.RelativePath(record),
        record.Start,
        OpenWhiskJson.SerializeDocumentToUtf8Bytes(record));

    private Task EnqueueAsync(PendingActivationRow pending, CancellationToken cancellationToken)
    {
        lock (gate)
        {
            loop ??= Task.Run(RunAsync, CancellationToken.None);
        }

        if (!queue.Writer.TryWrite(pending))
        {
            throw new StoreUnavailableException("The activation store is closed.");
        }

        return pending.Written.Task.WaitAsync(cancellationToken);
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
