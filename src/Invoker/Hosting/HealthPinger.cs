using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Invoker.Hosting;

/// <summary>
/// Sends the invoker's heartbeat (<see cref="PingMessage"/>) to topic <c>health</c> every interval while enabled;
/// disabling sends one ping with <c>isEnabled = false</c> and stops. Every ping carries this pinger's incarnation, so
/// that controllers can tell a restarted invoker from one that was only silent for a while. Pings that enable carry
/// what the pool holds (<see cref="PingMessage.Pool"/>), read just before each is sent.
/// </summary>
internal sealed partial class HealthPinger(
    IMessageProducer producer,
    InvokerInstanceId invoker,
    TimeSpan interval,
    TimeProvider timeProvider,
    Func<Task<InvokerPoolStatus?>> readPool,
    ILogger logger) : IAsyncDisposable
{
    private readonly string incarnation = Guid.NewGuid().ToString("N");
    private CancellationTokenSource? running;
    private Task loop = Task.CompletedTask;

    public bool IsEnabled => running is not null;

    public void Enable()
    {
        if (running is not null)
        {
            return;
        }

        running = new CancellationTokenSource();
        loop = PingLoopAsync(running.Token);
    }

    public async Task DisableAsync()
    {
        if (running is null)
        {
            return;
        }

        await running.CancelAsync();
        await loop;
        running.Dispose();
        running = null;
        await SendAsync(enabled: false, CancellationToken.None);
    }

    public async ValueTask DisposeAsync() => await DisableAsync();

    private async Task PingLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, timeProvider);
        try
        {
            do
            {
                await SendAsync(enabled: true, cancellationToken);
            }
            while (await timer.WaitForNextTickAsync(cancellationToken));
        }
        catch (OperationCanceledException)
        {
            // Disabled.
        }
    }

    private async Task SendAsync(bool enabled, CancellationToken cancellationToken)
    {
        try
        {
            var pool = enabled ? await readPool() : null;
            await producer.SendAsync(PingMessage.Topic, MessageSerializer.Serialize(new PingMessage(invoker, enabled, incarnation) { Pool = pool }), cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LogPingFailed(logger, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Health ping could not be sent")]
    private static partial void LogPingFailed(ILogger logger, Exception exception);
}
