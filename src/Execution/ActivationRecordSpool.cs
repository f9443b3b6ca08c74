using System.Text.Json;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Execution;

/// <summary>
/// Records the activation store could not take yet, kept on local disk (one file per record, written to a temporary
/// name, flushed and renamed) until they are stored: a store outage of any length, or a restart of this process in
/// the middle of one, loses none. One loop stores them in order, waiting 100 ms to 5 s between attempts while the
/// store is unavailable; records found in the folder at startup (a previous run's) are stored first. A record the
/// store refuses for another reason is replaced by its <see cref="ActivationRecordSubstitute"/>; only when that is
/// refused too is the file moved to <c>failed/</c> next to the others and logged.
/// </summary>
public sealed partial class ActivationRecordSpool : IAsyncDisposable
{
    private const string Extension = ".json";
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LongestRetry = TimeSpan.FromSeconds(5);
    private readonly IActivationStore store;
    private readonly string directory;
    private readonly TimeProvider timeProvider;
    private readonly ILogger logger;
    private readonly Queue<string> files = new();
    private readonly SemaphoreSlim signal = new(0);
    private readonly CancellationTokenSource stopping = new();
    private readonly Task loop;

    /// <summary>Initializes a new instance of the <see cref="ActivationRecordSpool"/> class and starts storing what a previous run left.</summary>
    /// <param name="store">The activation store.</param>
    /// <param name="directory">The folder of the spooled records.</param>
    /// <param name="timeProvider">The clock of the waits between attempts.</param>
    /// <param name="logger">Where outages and refused records are logged.</param>
    public ActivationRecordSpool(IActivationStore store, string directory, TimeProvider timeProvider, ILogger logger)
    {
        this.store = store;
        this.directory = Path.GetFullPath(directory);
        this.timeProvider = timeProvider;
        this.logger = logger;
        Directory.CreateDirectory(this.directory);
        foreach (var leftover in new DirectoryInfo(this.directory).GetFiles("*" + Extension).OrderBy(f => f.LastWriteTimeUtc))
        {
            files.Enqueue(leftover.FullName);
        }

        if (files.Count > 0)
        {
            LogReplaying(logger, files.Count, this.directory);
            signal.Release();
        }

        loop = RunAsync(stopping.Token);
    }

    /// <summary>Gets the number of records waiting for the store.</summary>
    public int Pending
    {
        get
        {
            lock (files)
            {
                return files.Count;
            }
        }
    }

    /// <summary>Writes <paramref name="record"/> to disk and returns; it is stored in the background.</summary>
    /// <param name="record">The record.</param>
    /// <returns>A task that completes when the record is safe on disk.</returns>
    public async Task AddAsync(ActivationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var path = Path.Combine(directory, record.Namespace + "_" + record.ActivationId + Extension);
        var temporary = path + ".tmp";
        await using (var file = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 4096, FileOptions.Asynchronous))
        {
            await JsonSerializer.SerializeAsync(file, record, OpenWhiskJson.Options);
            file.Flush(flushToDisk: true);
        }

        File.Move(temporary, path, overwrite: true);
        lock (files)
        {
            files.Enqueue(path);
        }

        signal.Release();
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync();
        try
        {
            await loop;
        }
        catch (Exception)
        {
            // Stopping: cancelled, or the attempt under way failed as it stopped; its file stays for the next start.
        }

        stopping.Dispose();
        signal.Dispose();
    }

    private async Task RunAsync(CancellationToken cancellationToken)
    {
        await Task.Yield();
        var wait = FirstRetry;
        var outage = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            await signal.WaitAsync(cancellationToken);
            while (Peek() is { } path)
            {
                try
                {
                    await StoreAsync(path, cancellationToken);
                    if (outage)
                    {
                        LogStoreBack(logger, Pending - 1);
                        outage = false;
                    }

                    wait = FirstRetry;
                }
                catch (Exception exception) when (IsTransient(exception) && !cancellationToken.IsCancellationRequested)
                {
                    if (!outage)
                    {
                        LogStoreUnavailable(logger, Pending, exception.Message);
                        outage = true;
                    }

                    await Task.Delay(wait, timeProvider, cancellationToken);
                    wait = TimeSpan.FromTicks(Math.Min(wait.Ticks * 2, LongestRetry.Ticks));
                    continue;
                }
                catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                {
                    SetAside(path, exception);
                }

                lock (files)
                {
                    files.Dequeue();
                }
            }
        }
    }

    /// <summary>An outage or a store call that timed out: tried again later, unlike a record the store refuses.</summary>
    private static bool IsTransient(Exception exception) =>
        exception is StoreUnavailableException or TimeoutException or OperationCanceledException;

    private string? Peek()
    {
        lock (files)
        {
            return files.TryPeek(out var path) ? path : null;
        }
    }

    private async Task StoreAsync(string path, CancellationToken cancellationToken)
    {
        ActivationRecord? record;
        try
        {
            await using var file = File.OpenRead(path);
            record = await JsonSerializer.DeserializeAsync<ActivationRecord>(file, OpenWhiskJson.Options, cancellationToken);
        }
        catch (FileNotFoundException)
        {
            // Another process sharing this folder stored it already.
            return;
        }

        record = record ?? throw new JsonException("The spooled record is empty.");
        try
        {
            // WaitAsync: stopping never waits for a store call that ignores cancellation; the file stays for the next start.
            await store.StoreAsync(record, cancellationToken).WaitAsync(cancellationToken);
        }
        catch (Exception refusal) when (!IsTransient(refusal))
        {
            // Refused (not an outage): the substitute that says why, or set aside when that is refused too.
            LogSubstituted(logger, record.ActivationId, refusal);
            await store.StoreAsync(ActivationRecordSubstitute.For(record, refusal), cancellationToken).WaitAsync(cancellationToken);
        }

        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Stored; a leftover file is stored again (idempotently) at the next start.
        }
    }

    private void SetAside(string path, Exception exception)
    {
        LogRefused(logger, Path.GetFileName(path), exception);
        try
        {
            var failed = Path.Combine(directory, "failed");
            Directory.CreateDirectory(failed);
            File.Move(path, Path.Combine(failed, Path.GetFileName(path)), overwrite: true);
        }
        catch (IOException)
        {
            // Gone already.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Storing {Count} activation records spooled in {Directory} by an earlier run")]
    private static partial void LogReplaying(ILogger logger, int count, string directory);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The activation store is unavailable ({Reason}); {Count} records are spooled on disk and retried until it is back")]
    private static partial void LogStoreUnavailable(ILogger logger, int count, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "The activation store is back; {Remaining} spooled records left to store")]
    private static partial void LogStoreBack(ILogger logger, int remaining);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The activation store refused the spooled record of {ActivationId}; a substitute without its result and logs is stored")]
    private static partial void LogSubstituted(ILogger logger, string activationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "The activation store refused the spooled record {File} and its substitute; it was moved to failed/")]
    private static partial void LogRefused(ILogger logger, string file, Exception exception);
}
