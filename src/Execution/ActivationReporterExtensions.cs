using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Execution;

/// <summary>Reporting an activation that ends without running (or without collecting logs).</summary>
public static class ActivationReporterExtensions
{
    /// <summary>
    /// Stores the record, then acknowledges result and completion at once, so that a caller that hears of the
    /// completion always finds the record in the store.
    /// </summary>
    public static async Task StoreAndCompleteAsync(this IActivationReporter reporter, ActivationMessage message, ActivationRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        await reporter.StoreAsync(message, record, cancellationToken);
        await reporter.ReportCombinedAsync(message, record, cancellationToken);
    }
}
