using System.Text.Json;
using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores.Sqlite;

/// <summary>
/// Writes activation records through one writer (SQLite allows one at a time): records that arrive while a batch is
/// being written go together in the next transaction (group commit), so writers never wait on each other's locks and
/// a burst costs one commit instead of one each. A write completes when its batch is committed.
/// </summary>
internal sealed class SqliteActivationWriter(SqliteDatabase database) : IAsyncDisposable
{
    private const int MaxBatch = 512;

    private readonly Channel<PendingRecord> queue = Channel.CreateUnbounded<PendingRecord>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Lock gate = new();
    private Task? loop;

    public Task WriteAsync(ActivationRecord record, CancellationToken cancellationToken)
    {
        var pending = new PendingRecord(
            record.Namespace,
            record.ActivationId,
            ActivationPaths.RelativePath(record),
            record.Start,
            JsonSerializer.Serialize(record, OpenWhiskJson.Options));
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
        var batch = new List<PendingRecord>(MaxBatch);
        while (await queue.Reader.WaitToReadAsync())
        {
            while (batch.Count < MaxBatch && queue.Reader.TryRead(out var pending))
            {
                batch.Add(pending);
            }

            try
            {
                await WriteBatchAsync(batch);
                batch.ForEach(p => p.Written.TrySetResult());
            }
            catch (Exception exception)
            {
                var failure = exception is SqliteException sqlite ? SqliteErrors.Map(sqlite) : exception;
                batch.ForEach(p => p.Written.TrySetException(failure));
            }

            batch.Clear();
        }
    }

    private async Task WriteBatchAsync(List<PendingRecord> batch)
    {
        await using var connection = await database.OpenAsync(CancellationToken.None);
        await using var transaction = connection.BeginTransaction(deferred: false);
        await using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT OR REPLACE INTO activations (namespace, activation_id, path, start, body)
            VALUES ($namespace, $id, $path, $start, $body)
            """;
        var ns = command.Parameters.Add("$namespace", SqliteType.Text);
        var id = command.Parameters.Add("$id", SqliteType.Text);
        var path = command.Parameters.Add("$path", SqliteType.Text);
        var start = command.Parameters.Add("$start", SqliteType.Integer);
        var body = command.Parameters.Add("$body", SqliteType.Text);
        foreach (var pending in batch)
        {
            ns.Value = pending.Namespace;
            id.Value = pending.ActivationId;
            path.Value = pending.Path;
            start.Value = pending.Start;
            body.Value = pending.Body;
            await command.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private sealed record PendingRecord(string Namespace, string ActivationId, string Path, long Start, string Body)
    {
        public TaskCompletionSource Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
