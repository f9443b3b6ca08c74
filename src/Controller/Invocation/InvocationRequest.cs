using System.Text.Json;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>Who invokes, with what input, and how the caller waits.</summary>
public sealed record InvocationRequest
{
    /// <summary>Gets the caller; activations are recorded in their namespace.</summary>
    public required Identity User { get; init; }

    /// <summary>Gets the transaction the invocation belongs to.</summary>
    public required TransactionId Transaction { get; init; }

    /// <summary>Gets the input: a JSON object, an array (between sequence components) or nothing.</summary>
    public JsonElement? Payload { get; init; }

    /// <summary>Gets a value indicating whether the caller waits for the result.</summary>
    public bool Blocking { get; init; }

    /// <summary>Gets how long a blocking caller waits; null for the blocking timeout.</summary>
    public TimeSpan? Wait { get; init; }

    /// <summary>Gets the activation of the enclosing sequence or composition, or of the fired trigger, if any.</summary>
    public string? Cause { get; init; }

    /// <summary>
    /// Gets what <see cref="Cause"/> is: <see cref="ActivationMessage.CausedBySequence"/> or
    /// <see cref="ActivationMessage.CausedByTrigger"/>.
    /// </summary>
    public string? CausedBy { get; init; }

    /// <summary>Gets a value indicating whether this invocation is a step of a sequence or composition (not topmost).</summary>
    public bool IsComponent => Cause is not null && CausedBy != ActivationMessage.CausedByTrigger;
}
