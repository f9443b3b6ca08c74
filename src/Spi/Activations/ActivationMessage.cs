using System.Text.Json;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Spi.Activations;

/// <summary>
/// The request to run one activation, sent from a controller to an invoker (OpenWhisk's
/// <c>ActivationMessage</c>): <c>{transid, action, revision, user, activationId, rootControllerIndex, blocking,
/// content, initArgs, lockedArgs, cause}</c>.
/// </summary>
public sealed record ActivationMessage
{
    /// <summary>The <see cref="CausedBy"/> of a sequence's or composition's component.</summary>
    public const string CausedBySequence = "sequence";

    /// <summary>The <see cref="CausedBy"/> of an action invoked by a rule of a fired trigger.</summary>
    public const string CausedByTrigger = "trigger";

    /// <summary>Gets a value indicating whether a sequence or composition caused the activation.</summary>
    [JsonIgnore]
    public bool IsComponent => Cause is not null && CausedBy != CausedByTrigger;

    /// <summary>Gets the transaction the activation belongs to.</summary>
    [JsonPropertyName("transid")]
    public required TransactionId TransactionId { get; init; }

    /// <summary>Gets the action to run.</summary>
    [JsonPropertyName("action")]
    public required ActionReference Action { get; init; }

    /// <summary>Gets the store revision of the action, so that the invoker runs exactly that document.</summary>
    [JsonPropertyName("revision")]
    public string? Revision { get; init; }

    /// <summary>Gets the identity that invoked the action (its namespace is the invocation namespace).</summary>
    [JsonPropertyName("user")]
    public required Identity User { get; init; }

    /// <summary>Gets the activation id: 32 lowercase hexadecimal characters.</summary>
    [JsonPropertyName("activationId")]
    public required string ActivationId { get; init; }

    /// <summary>Gets the controller that waits for the activation's completion.</summary>
    [JsonPropertyName("rootControllerIndex")]
    public required ControllerInstanceId RootControllerIndex { get; init; }

    /// <summary>Gets a value indicating whether the caller waits for the result.</summary>
    [JsonPropertyName("blocking")]
    public bool Blocking { get; init; }

    /// <summary>Gets the parameters: the action's defaults merged with the request body (the body wins).</summary>
    [JsonPropertyName("content")]
    public JsonElement? Content { get; init; }

    /// <summary>Gets the names of parameters that go to <c>/init</c> as environment instead of to <c>/run</c>.</summary>
    [JsonPropertyName("initArgs")]
    public IReadOnlyList<string> InitArgs { get; init; } = [];

    /// <summary>Gets encrypted parameters and their scheme.</summary>
    [JsonPropertyName("lockedArgs")]
    public IReadOnlyDictionary<string, string> LockedArgs { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets the activation that caused this one (a sequence, a composition or a fired trigger), if any.</summary>
    [JsonPropertyName("cause")]
    public string? Cause { get; init; }

    /// <summary>
    /// Gets what <see cref="Cause"/> is: <see cref="CausedBySequence"/> (the default) or <see cref="CausedByTrigger"/>.
    /// Only a sequence's or composition's components carry OpenWhisk's <c>causedBy</c> annotation. An OpenWhisk.NET
    /// extension.
    /// </summary>
    [JsonPropertyName("causedBy")]
    public string? CausedBy { get; init; }

    /// <summary>
    /// Gets the action document itself, when the controller embeds it so the invoker need not fetch it from the
    /// artifact store. An OpenWhisk.NET extension; absent for large actions.
    /// </summary>
    [JsonPropertyName("actionDocument")]
    public WhiskAction? ActionDocument { get; init; }

    /// <summary>Gets the name of the load balancer that placed the activation (an OpenWhisk.NET extension).</summary>
    [JsonPropertyName("balancer")]
    public string? Balancer { get; init; }

    /// <summary>
    /// Gets the trace context of the invocation (W3C <c>traceparent</c> and <c>tracestate</c>, as OpenWhisk's
    /// <c>traceContext</c>), so the invoker's spans join the controller's trace; null when traces are off.
    /// </summary>
    [JsonPropertyName("traceContext")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, string>? TraceContext { get; init; }
}
