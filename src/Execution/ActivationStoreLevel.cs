namespace OpenWhisk.Execution;

/// <summary>Which activation records are stored (<c>Activations:Store</c>; OpenWhisk's activation store levels).</summary>
public enum ActivationStoreLevel
{
    /// <summary>Every record (the default, OpenWhisk's <c>STORE_ALWAYS</c>).</summary>
    Always,

    /// <summary>Only records that did not succeed: application, developer and platform errors (<c>STORE_FAILURES</c>).</summary>
    Failures,

    /// <summary>Only developer and platform errors (<c>STORE_FAILURES_NOT_APPLICATION_ERRORS</c>).</summary>
    FailuresNotApplicationErrors,

    /// <summary>
    /// No record: blocking callers still get theirs in the answer, non-blocking ones only an id (a GET of it answers
    /// 404), and nothing is journaled.
    /// </summary>
    None,
}
