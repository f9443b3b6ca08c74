namespace OpenWhisk.Spi.Stores;

/// <summary>
/// An optional capability of an activation store: deleting the records older than the retention window
/// (<c>Activations:Retention</c>). The host finds it by a cast of the selected <see cref="IActivationStore"/> and
/// calls it in bounded batches, in the background, while records are written.
/// </summary>
public interface IActivationRetention
{
    /// <summary>
    /// Deletes at most <paramref name="maxRecords"/> records, with their logs, whose activation started before
    /// <paramref name="startedBefore"/>, in every namespace; records written meanwhile are not held up for long.
    /// </summary>
    /// <param name="startedBefore">The cutoff: records with an earlier <c>start</c> go.</param>
    /// <param name="maxRecords">The most records one call deletes.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The number of records deleted; fewer than <paramref name="maxRecords"/> when no older ones are left.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<int> PurgeAsync(DateTimeOffset startedBefore, int maxRecords, CancellationToken cancellationToken);
}
