using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Execution;

/// <summary>
/// Where finished activations go: acknowledgements to the waiting controller and the record to the activation
/// store. The invoker sends acknowledgements over the message bus; the direct balancer completes its own
/// promises.
/// </summary>
public interface IActivationReporter
{
    /// <summary>The result is ready (blocking callers, before logs are collected); the slot stays taken.</summary>
    Task ReportResultAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken);

    /// <summary>The activation is finished and its slot free.</summary>
    Task ReportCompletionAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken);

    /// <summary>Result and completion at once.</summary>
    Task ReportCombinedAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken);

    /// <summary>Stores the final record (with logs).</summary>
    Task StoreAsync(ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken);
}
