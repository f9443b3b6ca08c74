using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Spi.Stores;

/// <summary>Keeps activation records. Selected by <c>Spi:ActivationStore</c>.</summary>
[SpiContract("ActivationStore")]
public interface IActivationStore
{
    /// <summary>
    /// Stores a record; storing the same activation id again replaces it. A store that is also an
    /// <see cref="IActivationJournal"/> ends the activation's acceptance in the same write.
    /// </summary>
    /// <param name="record">The record.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="DocumentRefusedException">The record holds what the store cannot hold (retrying will not help).</exception>
    Task StoreAsync(ActivationRecord record, CancellationToken cancellationToken);

    /// <summary>Returns a record of a namespace, or null.</summary>
    /// <param name="namespaceName">The invocation namespace.</param>
    /// <param name="activationId">The activation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The record, or null.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<ActivationRecord?> GetAsync(string namespaceName, string activationId, CancellationToken cancellationToken);

    /// <summary>Lists records, newest start first.</summary>
    /// <param name="query">What to list.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The page of records.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<ActivationRecord>> ListAsync(ActivationQuery query, CancellationToken cancellationToken);

    /// <summary>Counts the records a listing would return without skip and limit.</summary>
    /// <param name="query">What to count.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The count.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<long> CountAsync(ActivationQuery query, CancellationToken cancellationToken);

    /// <summary>Deletes a record.</summary>
    /// <param name="namespaceName">The invocation namespace.</param>
    /// <param name="activationId">The activation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>True if it existed.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<bool> DeleteAsync(string namespaceName, string activationId, CancellationToken cancellationToken);
}
