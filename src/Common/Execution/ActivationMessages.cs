using System.Globalization;

namespace OpenWhisk.Common.Execution;

/// <summary>The texts OpenWhisk puts in activation results and logs when something goes wrong.</summary>
public static class ActivationMessages
{
    public const string AbnormalInitialization = "The action did not initialize and exited unexpectedly.";
    public const string AbnormalRun = "The action did not produce a valid response and exited unexpectedly.";
    public const string MemoryExhausted = "The action exhausted its memory and was aborted.";
    public const string ResourceError = "Failed to provision resources to run the action.";
    public const string ActionNotFound = "Action could not be found or may have been deleted.";
    public const string ActionVersionIncompatible = "Action version is not compatible and cannot be invoked.";
    public const string ActionFetchFailed = "Action could not be fetched.";
    public const string LogFailure = "There was an issue while collecting your logs. Data might be missing.";
    public const string ConcurrentLogWarning =
        "Logs of an action with intra-container concurrency are collected on a best-effort basis: lines of activations that ran at the same time may be mixed.";

    public const string DeveloperErrorLogWarning = "The action did not initialize or run as expected. Log data might be missing.";
    public const string LogsNotAvailable = "Logs are not available.";

    public static string TimedOut(int timeoutMs, bool duringInit) => duringInit
        ? string.Create(CultureInfo.InvariantCulture, $"The action exceeded its time limits of {timeoutMs} milliseconds during initialization.")
        : string.Create(CultureInfo.InvariantCulture, $"The action exceeded its time limits of {timeoutMs} milliseconds.");

    public static string TruncatedResponse(string truncated, long length, long maxLength) =>
        string.Create(CultureInfo.InvariantCulture, $"The action produced a response that exceeded the allowed length: {length} > {maxLength} bytes. The truncated response was: {truncated}");

    public static string InvalidRunResponse(string body) =>
        "The action did not produce a valid JSON or JSON Array response: " + body;

    public static string InvalidInitResponse(string body) => string.IsNullOrEmpty(body)
        ? "The action failed during initialization."
        : "The action failed during initialization: " + body;

    public static string LogsTruncated(long limitBytes) =>
        string.Create(CultureInfo.InvariantCulture, $"Logs were truncated because the total bytes size exceeds the limit of {limitBytes} bytes.");
}
