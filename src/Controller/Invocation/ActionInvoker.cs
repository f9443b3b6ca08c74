using System.Buffers;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Invokes one primitive action (OpenWhisk's <c>invokeSimpleAction</c>): merges its parameters with the input,
/// builds the activation message, hands it to the balancer the resolver picks, and for blocking calls waits for the
/// result up to the given time.
/// </summary>
public sealed class ActionInvoker(
    ILoadBalancerResolver resolver,
    IActivationStore activations,
    InFlightActivations inFlight,
    AcceptedActivations accepted,
    IOptions<ControllerOptions> options,
    TimeProvider timeProvider)
{
    private readonly ControllerInstanceId controller = new(options.Value.InstanceId);

    /// <summary>Gets the longest a blocking invocation waits by default.</summary>
    public TimeSpan BlockingTimeout => options.Value.BlockingTimeout;

    /// <summary>Invokes <paramref name="resolved"/> with the request's payload (an object, an array or nothing).</summary>
    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, ResolvedAction resolved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resolved);
        var action = resolved.Action;
        var balancer = resolver.Resolve(action);
        var activationId = NewActivationId(timeProvider);
        using var span = ActivationTracing.StartInvocation(request.Transaction, activationId, action.FullyQualifiedName);
        var message = new ActivationMessage
        {
            TransactionId = request.Transaction,
            Action = ActionReference.For(action) with { Binding = resolved.Binding },
            Revision = resolved.Revision,
            User = request.User,
            ActivationId = activationId,
            RootControllerIndex = controller,
            Blocking = request.Blocking,
            Content = Arguments(action, request.Payload),
            InitArgs = InitArgumentNames(action.Parameters),
            Cause = request.Cause,
            CausedBy = request.Cause is null ? null : request.CausedBy ?? ActivationMessage.CausedBySequence,
            ActionDocument = (action.Exec.Code?.Length ?? 0) <= options.Value.EmbedActionMaxCodeBytes ? action : null,
            Balancer = balancer.Name,
            TraceContext = ActivationTracing.Carry(span),
        };

        if (!request.Blocking)
        {
            // Durable before the 202: an activation lost with this process still ends with a record.
            await accepted.AcceptAsync(message, action, cancellationToken);
        }

        ActivationPublication publication;
        try
        {
            publication = await balancer.PublishAsync(action, message, cancellationToken);
        }
        catch when (!request.Blocking)
        {
            // Refused after all (503, 413, the caller gone): the caller got no id, so no record may appear later.
            await accepted.ForgetAsync(message);
            throw;
        }

        inFlight.Add(publication.ActivationId, publication.Completion);
        if (!request.Blocking)
        {
            return new InvocationResult(publication.ActivationId, null);
        }

        var limit = request.Wait ?? options.Value.BlockingTimeout;
        try
        {
            var outcome = await publication.Result.WaitAsync(limit, timeProvider, cancellationToken);
            return new InvocationResult(
                outcome.ActivationId,
                outcome.Record ?? await activations.GetAsync(request.User.Namespace.Name, outcome.ActivationId, cancellationToken));
        }
        catch (TimeoutException)
        {
            await accepted.AcceptAfterWaitAsync(token => accepted.AcceptAsync(message, action, token), message.ActivationId, cancellationToken);
            _ = accepted.ForgetIfLeftOutAsync(message, publication.Result);
            return new InvocationResult(publication.ActivationId, null);
        }
    }

    /// <summary>The names of the parameters marked <c>init</c>; one shared empty list when there are none (most actions).</summary>
    private static IReadOnlyList<string> InitArgumentNames(IReadOnlyList<KeyValue> parameters)
    {
        List<string>? names = null;
        for (var i = 0; i < parameters.Count; i++)
        {
            if (parameters[i].Init)
            {
                (names ??= []).Add(parameters[i].Key);
            }
        }

        return names ?? (IReadOnlyList<string>)[];
    }

    /// <summary>
    /// A new activation id: 32 lowercase hexadecimal characters, as OpenWhisk's. The first 12 are the time of making in
    /// milliseconds and the other 20 are random (80 bits), so the stores' indexes on activation ids grow at their end
    /// instead of taking each new id on a page of its own.
    /// </summary>
    /// <param name="time">The clock of the id's time part.</param>
    public static string NewActivationId(TimeProvider time) => RandomHexIds.NextOrdered(time.GetUtcNow().ToUnixTimeMilliseconds());

    /// <summary>
    /// The action's parameters overridden by an object payload; an array payload is passed as it is (a sequence
    /// component whose predecessor returned an array); no payload gives the parameters alone.
    /// </summary>
    private static JsonElement Arguments(WhiskAction action, JsonElement? payload)
    {
        if (payload is { ValueKind: JsonValueKind.Array } array)
        {
            return array;
        }

        if (payload is { } given && given.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The request body must be a JSON object.");
        }

        var hasBody = payload is { ValueKind: JsonValueKind.Object };
        if (action.Parameters.Count == 0 && hasBody)
        {
            return payload!.Value;
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var parameter in action.Parameters)
            {
                if (!hasBody || !payload!.Value.TryGetProperty(parameter.Key, out _))
                {
                    writer.WritePropertyName(parameter.Key);
                    parameter.Value.WriteTo(writer);
                }
            }

            if (hasBody)
            {
                foreach (var property in payload!.Value.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
