using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Ends accepted activations that will never get a record: at startup, with <see cref="JournalOptions.EndOwnAtStartup"/>,
/// the ones this controller accepted before it started (the standalone platform's in-process invoker went with it);
/// then every <see cref="JournalOptions.SweepInterval"/> every controller's that are past their deadline. Each gets its
/// fallback record (a whisk error), unless a real record was stored meanwhile, which is never replaced.
/// </summary>
public sealed partial class OverdueActivationSweeper(
    AcceptedActivations accepted,
    IOptions<JournalOptions> options,
    IOptions<ControllerOptions> controllerOptions,
    TimeProvider timeProvider,
    ILogger<OverdueActivationSweeper> logger) : BackgroundService
{
    private const int Page = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (accepted.Journal is not { } journal)
        {
            return;
        }

        var started = timeProvider.GetUtcNow();
        if (options.Value.EndOwnAtStartup)
        {
            await SweepAsync(journal, DateTimeOffset.MaxValue, controllerOptions.Value.InstanceId, started, stoppingToken);
        }

        using var timer = new PeriodicTimer(options.Value.SweepInterval, timeProvider);
        do
        {
            await SweepAsync(journal, timeProvider.GetUtcNow(), null, DateTimeOffset.MaxValue, stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>Ends the overdue activations accepted before <paramref name="acceptedBefore"/>, a page at a time; never throws.</summary>
    private async Task SweepAsync(IActivationJournal journal, DateTimeOffset deadlineBefore, string? controller, DateTimeOffset acceptedBefore, CancellationToken cancellationToken)
    {
        var ended = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var overdue = await journal.ListOverdueAsync(deadlineBefore, controller, Page, cancellationToken);
                var endedInPage = 0;
                foreach (var activation in overdue.Where(a => a.Fallback.Start < acceptedBefore.ToUnixTimeMilliseconds()))
                {
                    try
                    {
                        await journal.EndOverdueAsync(activation, cancellationToken);
                        endedInPage++;
                    }
                    catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
                    {
                        // One entry that cannot be ended holds up neither the others nor the controller.
                        LogEndFailed(logger, activation.Fallback.ActivationId, exception.Message);
                    }
                }

                ended += endedInPage;
                if (endedInPage == 0 || overdue.Count < Page)
                {
                    break;
                }
            }
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            LogSweepFailed(logger, exception.Message);
        }

        if (ended > 0)
        {
            LogEnded(logger, ended);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Ended {Count} accepted activations that had no record past their deadline (or that a previous run of this controller accepted) with a whisk error record")]
    private static partial void LogEnded(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue activation {ActivationId} could not be ended now ({Reason}); trying again at the next sweep")]
    private static partial void LogEndFailed(ILogger logger, string activationId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Overdue activations could not be ended now ({Reason}); trying again at the next sweep")]
    private static partial void LogSweepFailed(ILogger logger, string reason);
}
