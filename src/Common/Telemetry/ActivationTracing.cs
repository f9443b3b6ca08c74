using System.Diagnostics;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Common.Telemetry;

/// <summary>
/// The platform's spans (activity source <c>OpenWhisk</c>): one trace per activation from the controller's
/// invocation over the messaging layer (the W3C context travels in the message's <c>traceContext</c>, as in
/// OpenWhisk) to the invoker's run, its container calls and the record's store. Without a listener (traces off)
/// no span is created and nothing is added to messages.
/// </summary>
public static class ActivationTracing
{
    /// <summary>The activity source's name.</summary>
    public const string SourceName = "OpenWhisk";

    /// <summary>The attribute with the transaction id.</summary>
    public const string TransactionIdTag = "openwhisk.transaction_id";

    /// <summary>The attribute with the activation id.</summary>
    public const string ActivationIdTag = "openwhisk.activation_id";

    /// <summary>The attribute with the action's path.</summary>
    public const string ActionTag = "openwhisk.action";

    private const string TraceParent = "traceparent";
    private const string TraceState = "tracestate";

    /// <summary>Gets the activity source every span of the platform comes from.</summary>
    public static ActivitySource Source { get; } = new(SourceName);

    /// <summary>Starts the controller's span of an invocation (null when nobody listens).</summary>
    /// <param name="transactionId">The request's transaction.</param>
    /// <param name="activationId">The new activation's id.</param>
    /// <param name="action">The action's path.</param>
    /// <returns>The span, or null.</returns>
    public static Activity? StartInvocation(TransactionId transactionId, string activationId, string action)
    {
        var activity = Source.StartActivity("openwhisk.invoke", ActivityKind.Producer);
        activity?.SetTag(TransactionIdTag, transactionId.Id).SetTag(ActivationIdTag, activationId).SetTag(ActionTag, action);
        return activity;
    }

    /// <summary>Starts the invoker's span of an activation as a child of the context the message carries.</summary>
    /// <param name="message">The activation message.</param>
    /// <returns>The span, or null when nobody listens.</returns>
    public static Activity? StartActivation(ActivationMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!Source.HasListeners())
        {
            return null;
        }

        var parent = message.TraceContext is { } carried
            && carried.TryGetValue(TraceParent, out var traceParent)
            && ActivityContext.TryParse(traceParent, carried.GetValueOrDefault(TraceState), isRemote: true, out var context)
            ? context
            : default;
        return Tagged(Source.StartActivity("openwhisk.activation", ActivityKind.Consumer, parent), message);
    }

    /// <summary>Starts a child span of the current one (a container call, a store), or null.</summary>
    /// <param name="name">The span's name.</param>
    /// <param name="activationId">The activation it belongs to.</param>
    /// <returns>The span, or null.</returns>
    public static Activity? StartStep(string name, string activationId)
    {
        var activity = Source.StartActivity(name, ActivityKind.Internal);
        activity?.SetTag(ActivationIdTag, activationId);
        return activity;
    }

    /// <summary>The context to carry in an activation message: the current span's, or null when there is none.</summary>
    /// <param name="activity">The span.</param>
    /// <returns>The W3C <c>traceparent</c> (and <c>tracestate</c>), or null.</returns>
    public static IReadOnlyDictionary<string, string>? Carry(Activity? activity)
    {
        if (activity is not { IdFormat: ActivityIdFormat.W3C, Id: { } id })
        {
            return null;
        }

        var carried = new Dictionary<string, string>(2) { [TraceParent] = id };
        if (activity.TraceStateString is { } state)
        {
            carried[TraceState] = state;
        }

        return carried;
    }

    /// <summary>Marks a span as failed.</summary>
    /// <param name="activity">The span, or null.</param>
    /// <param name="status">The activation's status.</param>
    public static void End(Activity? activity, ActivationStatus status)
    {
        if (activity is null)
        {
            return;
        }

        activity.SetTag("openwhisk.status", ActivationMetrics.StatusLabel(status));
        if (status is ActivationStatus.DeveloperError or ActivationStatus.WhiskError)
        {
            activity.SetStatus(ActivityStatusCode.Error);
        }
    }

    private static Activity? Tagged(Activity? activity, ActivationMessage message)
    {
        activity?.SetTag(TransactionIdTag, message.TransactionId.Id)
            .SetTag(ActivationIdTag, message.ActivationId)
            .SetTag(ActionTag, message.Action.FullyQualifiedName);
        return activity;
    }
}
