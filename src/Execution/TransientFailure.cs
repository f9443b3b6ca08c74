namespace OpenWhisk.Execution;

/// <summary>A store attempt that failed for a passing reason (an outage, a slow store): the record is spooled, not replaced.</summary>
internal sealed class TransientFailure(Exception cause) : Exception(cause.Message, cause);
