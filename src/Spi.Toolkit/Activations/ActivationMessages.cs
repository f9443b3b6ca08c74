using System.Globalization;

namespace OpenWhisk.Spi.Toolkit.Activations;

/// <summary>
/// The texts OpenWhisk puts in activation results and logs when something goes wrong, word for word, so that clients
/// matching on them behave as with OpenWhisk. The host and plugins share them from here.
/// </summary>
public static class ActivationMessages
{
    /// <summary>The container exited during <c>/init</c>.</summary>
    public const string AbnormalInitialization = "The action did not initialize and exited unexpectedly.";

    /// <summary>The container exited during <c>/run</c>, or answered with something that is not a response.</summary>
    public const string AbnormalRun = "The action did not produce a valid response and exited unexpectedly.";

    /// <summary>The container was killed for using more than its memory limit.</summary>
    public const string MemoryExhausted = "The action exhausted its memory and was aborted.";

    /// <summary>No container could be created for the activation (a whisk error).</summary>
    public const string ResourceError = "Failed to provision resources to run the action.";

    /// <summary><see cref="ResourceError"/> with the reason a factory knows, for example a cluster with no room.</summary>
    /// <param name="reason">Why no container could be created.</param>
    /// <returns>The message.</returns>
    public static string ResourceErrorBecause(string reason) => ResourceError[..^1] + ": " + reason;

    /// <summary>The action of an activation no longer exists.</summary>
    public const string ActionNotFound = "Action could not be found or may have been deleted.";

    /// <summary>The stored action has a different version than the one the activation was made for.</summary>
    public const string ActionVersionIncompatible = "Action version is not compatible and cannot be invoked.";

    /// <summary>The action could not be read from the store.</summary>
    public const string ActionFetchFailed = "Action could not be fetched.";

    /// <summary>The logs of an activation could not be collected in full.</summary>
    public const string LogFailure = "There was an issue while collecting your logs. Data might be missing.";

    /// <summary>A warning added to the logs of actions that run several activations in one container at once.</summary>
    public const string ConcurrentLogWarning =
        "Logs of an action with intra-container concurrency are collected on a best-effort basis: lines of activations that ran at the same time may be mixed.";

    /// <summary>A warning added to the logs of an activation that ended with a developer error.</summary>
    public const string DeveloperErrorLogWarning = "The action did not initialize or run as expected. Log data might be missing.";

    /// <summary>The logs of an activation are kept elsewhere (a log store that ships them out of band).</summary>
    public const string LogsNotAvailable = "Logs are not available.";

    /// <summary>The activation reached its time limit.</summary>
    /// <param name="timeoutMs">The time limit, in milliseconds.</param>
    /// <param name="duringInit">Whether it was reached during <c>/init</c>.</param>
    /// <returns>The text.</returns>
    public static string TimedOut(int timeoutMs, bool duringInit) => duringInit
        ? string.Create(CultureInfo.InvariantCulture, $"The action exceeded its time limits of {timeoutMs} milliseconds during initialization.")
        : string.Create(CultureInfo.InvariantCulture, $"The action exceeded its time limits of {timeoutMs} milliseconds.");

    /// <summary>The response was longer than allowed.</summary>
    /// <param name="truncated">The beginning of the response.</param>
    /// <param name="length">Its length in bytes.</param>
    /// <param name="maxLength">The most allowed.</param>
    /// <returns>The text.</returns>
    public static string TruncatedResponse(string truncated, long length, long maxLength) =>
        string.Create(CultureInfo.InvariantCulture, $"The action produced a response that exceeded the allowed length: {length} > {maxLength} bytes. The truncated response was: {truncated}");

    /// <summary>The answer to <c>/run</c> was not a JSON object or array.</summary>
    /// <param name="body">The answer.</param>
    /// <returns>The text.</returns>
    public static string InvalidRunResponse(string body) =>
        "The action did not produce a valid JSON or JSON Array response: " + body;

    /// <summary>The answer to <c>/init</c> was an error.</summary>
    /// <param name="body">The answer.</param>
    /// <returns>The text.</returns>
    public static string InvalidInitResponse(string body) => string.IsNullOrEmpty(body)
        ? "The action failed during initialization."
        : "The action failed during initialization: " + body;

    /// <summary>The logs went beyond the action's log limit.</summary>
    /// <param name="limitBytes">The limit, in bytes.</param>
    /// <returns>The text.</returns>
    public static string LogsTruncated(long limitBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"Logs were truncated because the total bytes size exceeds the limit of {limitBytes} bytes.");
}
