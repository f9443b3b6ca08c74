namespace OpenWhisk.Spi.Stores;

/// <summary>
/// The accepted activations whose records are not stored yet, kept by an activation store that offers it (the store
/// class implements this interface too), so that no accepted activation ends without a record: storing an
/// activation's record ends its acceptance, and a controller ends overdue ones with their fallback records (after a
/// crash, or an invoker lost with its work). A store without it runs without that guarantee.
/// </summary>
public interface IActivationJournal
{
    /// <summary>Notes an accepted activation; durable when the task completes. Noting it again replaces it.</summary>
    /// <param name="accepted">The activation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the acceptance is durable.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="DocumentRefusedException">The fallback record holds what the store cannot hold.</exception>
    Task AcceptAsync(AcceptedActivation accepted, CancellationToken cancellationToken);

    /// <summary>Forgets an acceptance without storing anything: the invocation was refused after all (its caller got no id).</summary>
    /// <param name="namespaceName">The activation's namespace.</param>
    /// <param name="activationId">The activation id.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is durable.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task ForgetAsync(string namespaceName, string activationId, CancellationToken cancellationToken);

    /// <summary>Lists accepted activations without a stored record, earliest deadline first.</summary>
    /// <param name="deadlineBefore">Only those whose deadline is before this time.</param>
    /// <param name="controller">Only those this controller accepted; null for every controller's.</param>
    /// <param name="limit">At most this many.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The overdue activations.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    Task<IReadOnlyList<AcceptedActivation>> ListOverdueAsync(DateTimeOffset deadlineBefore, string? controller, int limit, CancellationToken cancellationToken);

    /// <summary>
    /// Ends an overdue activation: stores its fallback record unless a record of it is stored (a real record is never
    /// replaced), and forgets the acceptance, atomically.
    /// </summary>
    /// <param name="accepted">The overdue activation.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when it is durable.</returns>
    /// <exception cref="StoreUnavailableException">The store cannot be reached.</exception>
    /// <exception cref="DocumentRefusedException">The fallback record holds what the store cannot hold.</exception>
    Task EndOverdueAsync(AcceptedActivation accepted, CancellationToken cancellationToken);
}
