using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Common.Stores;

/// <summary>
/// Deletes activation records older than <see cref="ActivationRetentionOptions.Retention"/> at startup and then every
/// <see cref="ActivationRetentionOptions.RetentionInterval"/>, in batches of
/// <see cref="ActivationRetentionOptions.RetentionBatchSize"/> with a yield between them, so writers never wait for a
/// whole purge. Does nothing when no window is set; warns once when the store cannot purge.
/// </summary>
public sealed partial class ActivationRetentionService(
    IActivationStore store,
    IOptions<ActivationRetentionOptions> options,
    TimeProvider timeProvider,
    ILogger<ActivationRetentionService> logger) : BackgroundService
{
    /// <summary>Deletes every record that started before <paramref name="cutoff"/>, batch by batch.</summary>
    /// <param name="cutoff">Records that started earlier go.</param>
    /// <param name="cancellationToken">Stops between batches.</param>
    /// <returns>The number of records deleted.</returns>
    public async Task<long> PurgeOnceAsync(DateTimeOffset cutoff, CancellationToken cancellationToken)
    {
        if (store is not IActivationRetention retention)
        {
            return 0;
        }

        var batch = options.Value.RetentionBatchSize;
        long total = 0;
        int deleted;
        do
        {
            deleted = await retention.PurgeAsync(cutoff, batch, cancellationToken);
            total += deleted;
            await Task.Yield();
        }
        while (deleted == batch && !cancellationToken.IsCancellationRequested);

        return total;
    }

    /// <inheritdoc/>
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Window is not { } window)
        {
            return;
        }

        if (store is not IActivationRetention)
        {
            LogUnsupported(logger, store.GetType().Name);
            return;
        }

        using var timer = new PeriodicTimer(options.Value.RetentionInterval, timeProvider);
        do
        {
            var cutoff = timeProvider.GetUtcNow() - window;
            try
            {
                var purged = await PurgeOnceAsync(cutoff, stoppingToken);
                if (purged > 0)
                {
                    LogPurged(logger, purged, cutoff);
                }
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogFailed(logger, exception.Message);
            }
        }
        while (await WaitAsync(timer, stoppingToken));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken stoppingToken)
    {
        try
        {
            return await timer.WaitForNextTickAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Purged {Count} activation records that started before {Cutoff:O}")]
    private static partial void LogPurged(ILogger logger, long count, DateTimeOffset cutoff);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Purging old activation records failed ({Reason}); the next run tries again")]
    private static partial void LogFailed(ILogger logger, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activations:Retention is set but the activation store {Store} cannot purge records; they are kept")]
    private static partial void LogUnsupported(ILogger logger, string store);
}
