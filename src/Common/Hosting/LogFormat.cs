namespace OpenWhisk.Common.Hosting;

/// <summary>The console log format chosen by <c>Logging:Format</c>: <c>text</c> (the default) or <c>json</c>.</summary>
/// <param name="Json">Whether each entry is one JSON object per line, with the transaction's scope.</param>
public sealed record LogFormat(bool Json)
{
    /// <summary>
    /// Opens a scope with the transaction (and activation) id when the format shows scopes; otherwise returns
    /// null and costs nothing.
    /// </summary>
    /// <param name="logger">The logger.</param>
    /// <param name="transactionId">The transaction id.</param>
    /// <param name="activationId">The activation id, when there is one.</param>
    /// <returns>The scope to dispose, or null.</returns>
    public IDisposable? BeginTransaction(Microsoft.Extensions.Logging.ILogger logger, string transactionId, string? activationId = null)
    {
        ArgumentNullException.ThrowIfNull(logger);
        if (!Json)
        {
            return null;
        }

        return activationId is null
            ? logger.BeginScope(new Dictionary<string, object> { ["TransactionId"] = transactionId })
            : logger.BeginScope(new Dictionary<string, object> { ["TransactionId"] = transactionId, ["ActivationId"] = activationId });
    }
}
