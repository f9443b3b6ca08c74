namespace OpenWhisk.Spi.Activations;

/// <summary>The three acknowledgements an invoker sends to the controller on <c>completed&lt;controller&gt;</c>.</summary>
public enum AcknowledgementKind
{
    /// <summary>The result is available (blocking callers only); the slot is still taken.</summary>
    Result,

    /// <summary>The activation is finished and its slot free (sent after log collection).</summary>
    Completion,

    /// <summary>Result and completion at once.</summary>
    CombinedCompletionAndResult,
}
