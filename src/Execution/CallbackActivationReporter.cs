using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Execution;

/// <summary>
/// Reports activations run in this process: acknowledgements go straight to a callback (the balancer's tracker)
/// instead of over the message bus; records go to the activation store.
/// </summary>
/// <param name="acknowledge">Where acknowledgements go.</param>
/// <param name="storer">Where records go.</param>
internal sealed class CallbackActivationReporter(Action<Acknowledgement> acknowledge, ActivationRecordStorer storer) : IActivationReporter
{
    public Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        acknowledge(Acknowledgement.Result(message.TransactionId, record));
        return Task.CompletedTask;
    }

    public Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        // In process the completion may as well carry the record: the caller learns how the activation ended
        // (and whether its container is still good) before anyone hears that it completed.
        acknowledge(Acknowledgement.Completion(message.TransactionId, record, invoker: null) with { Activation = record });
        return Task.CompletedTask;
    }

    public Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        acknowledge(Acknowledgement.Combined(message.TransactionId, record, invoker: null));
        return Task.CompletedTask;
    }

    public Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken) =>
        storer.StoreAsync(message, record);
}
