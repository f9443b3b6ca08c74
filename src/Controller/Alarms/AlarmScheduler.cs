using Microsoft.Extensions.Options;

namespace OpenWhisk.Controller.Alarms;

/// <summary>The built-in alarms provider: looks for due alarms every <see cref="AlarmOptions.PollInterval"/>.</summary>
public sealed partial class AlarmScheduler(AlarmTicker ticker, IOptions<AlarmOptions> options, TimeProvider timeProvider, ILogger<AlarmScheduler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        using var timer = new PeriodicTimer(options.Value.PollInterval, timeProvider);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await ticker.TickAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                LogTickFailed(logger, exception);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alarms could not be checked; trying again at the next tick")]
    private static partial void LogTickFailed(ILogger logger, Exception exception);
}
