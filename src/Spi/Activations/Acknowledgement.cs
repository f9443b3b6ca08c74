using System.Text.Json.Serialization;
using OpenWhisk.Spi.Invokers;
using OpenWhisk.Spi.Json;

namespace OpenWhisk.Spi.Activations;

/// <summary>
/// An acknowledgement from an invoker, in OpenWhisk's three shapes: combined
/// <c>{transid, response, isSystemError, instance}</c>, completion <c>{transid, activationId, isSystemError,
/// instance}</c> and result <c>{transid, response}</c>, where <c>response</c> is the activation record or, when
/// shrunk, only its id.
/// </summary>
[JsonConverter(typeof(AcknowledgementJsonConverter))]
public sealed record Acknowledgement
{
    /// <summary>Gets which acknowledgement this is.</summary>
    public required AcknowledgementKind Kind { get; init; }

    /// <summary>Gets the transaction of the activation.</summary>
    public required TransactionId TransactionId { get; init; }

    /// <summary>Gets the activation id.</summary>
    public required string ActivationId { get; init; }

    /// <summary>Gets the activation record, or <see langword="null"/> when only the id was sent.</summary>
    public ActivationRecord? Activation { get; init; }

    /// <summary>Gets a value indicating whether the activation ended in a whisk error.</summary>
    public bool IsSystemError { get; init; }

    /// <summary>Gets the invoker that ran the activation (completion and combined only).</summary>
    public InvokerInstanceId? Invoker { get; init; }

    /// <summary>Gets a value indicating whether this acknowledgement frees the activation's slot.</summary>
    public bool FreesSlot => Kind != AcknowledgementKind.Result;

    /// <summary>Gets a value indicating whether this acknowledgement carries the result.</summary>
    public bool CarriesResult => Kind != AcknowledgementKind.Completion;

    /// <summary>Creates a result acknowledgement.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="activation">The record.</param>
    /// <returns>The acknowledgement.</returns>
    public static Acknowledgement Result(TransactionId transactionId, ActivationRecord activation)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return new Acknowledgement
        {
            Kind = AcknowledgementKind.Result,
            TransactionId = transactionId,
            ActivationId = activation.ActivationId,
            Activation = activation,
        };
    }

    /// <summary>Creates a completion acknowledgement.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="activation">The record.</param>
    /// <param name="invoker">The invoker that ran it; null when no invoker did (the controller ran it directly).</param>
    /// <returns>The acknowledgement.</returns>
    public static Acknowledgement Completion(TransactionId transactionId, ActivationRecord activation, InvokerInstanceId? invoker)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return new Acknowledgement
        {
            Kind = AcknowledgementKind.Completion,
            TransactionId = transactionId,
            ActivationId = activation.ActivationId,
            IsSystemError = activation.Response.IsWhiskError,
            Invoker = invoker,
        };
    }

    /// <summary>Creates a combined completion and result acknowledgement.</summary>
    /// <param name="transactionId">The transaction.</param>
    /// <param name="activation">The record.</param>
    /// <param name="invoker">The invoker that ran it; null when no invoker did (the controller ran it directly).</param>
    /// <returns>The acknowledgement.</returns>
    public static Acknowledgement Combined(TransactionId transactionId, ActivationRecord activation, InvokerInstanceId? invoker)
    {
        ArgumentNullException.ThrowIfNull(activation);
        return new Acknowledgement
        {
            Kind = AcknowledgementKind.CombinedCompletionAndResult,
            TransactionId = transactionId,
            ActivationId = activation.ActivationId,
            Activation = activation,
            IsSystemError = activation.Response.IsWhiskError,
            Invoker = invoker,
        };
    }

    /// <summary>Returns the same acknowledgement with the record replaced by its id (OpenWhisk's "shrunk" form).</summary>
    /// <returns>The shrunk acknowledgement.</returns>
    public Acknowledgement Shrink() => this with { Activation = null };
}
