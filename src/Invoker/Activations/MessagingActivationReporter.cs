using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Execution;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Invoker.Activations;

/// <summary>
/// Sends acknowledgements to the controller that waits (<c>completed&lt;controller&gt;</c>) through the
/// <see cref="ActivationSender"/> (as objects when that controller runs in this process), and stores records.
/// Non-blocking acknowledgements are shrunk to the activation id; one too large for the bus is resent shrunk.
/// Records the store cannot take now are spooled to disk and stored later (<see cref="ActivationRecordStorer"/>), so the
/// completion never waits for a store outage; acknowledgement failures are logged (the controller's completion timeout
/// then ends the activation).
/// </summary>
internal sealed partial class MessagingActivationReporter(
    ActivationSender sender,
    ActivationRecordStorer storer,
    InvokerInstanceId invoker,
    ActivationTotalsCounter totals,
    ILogger logger) : IActivationReporter
{
    /// <summary>Blocking activations whose result went out without its record: the caller reads it from the store.</summary>
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte> resultsSentWithoutRecord = new(StringComparer.Ordinal);

    public Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) =>
        SendAsync(message, Acknowledgement.Result(message.TransactionId, record), cancellationToken);

    public Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) =>
        SendAsync(message, Acknowledgement.Completion(message.TransactionId, record, invoker), cancellationToken);

    public Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) =>
        SendAsync(message, Acknowledgement.Combined(message.TransactionId, record, invoker), cancellationToken);

    public Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        totals.Record(record);
        return storer.StoreAsync(message, record, always: resultsSentWithoutRecord.TryRemove(message.ActivationId, out _));
    }

    private async Task SendAsync(ActivationMessage message, Acknowledgement ack, CancellationToken cancellationToken)
    {
        var topic = message.RootControllerIndex.CompletionTopic;
        var toSend = message.Blocking ? ack : ack.Shrink();
        try
        {
            await sender.SendAsync(topic, toSend, CancellationToken.None);
        }
        catch (MessageTooLargeException)
        {
            if (message.Blocking && ack.Activation is not null)
            {
                // The blocking caller's controller will read the record from the store: store it whatever the level.
                resultsSentWithoutRecord.TryAdd(message.ActivationId, 0);
            }

            await SendShrunkAsync(topic, toSend.Shrink());
        }
        catch (Exception exception)
        {
            LogAckFailed(logger, ack.ActivationId, topic, exception);
        }
    }

    private async Task SendShrunkAsync(string topic, Acknowledgement ack)
    {
        try
        {
            await sender.SendAsync(topic, ack, CancellationToken.None);
        }
        catch (Exception exception)
        {
            LogAckFailed(logger, ack.ActivationId, topic, exception);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Acknowledgement of {ActivationId} could not be sent to {Topic}")]
    private static partial void LogAckFailed(ILogger logger, string activationId, string topic, Exception exception);
}
