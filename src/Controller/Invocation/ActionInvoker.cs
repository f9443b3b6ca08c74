using System.Buffers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.LoadBalancing;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Invokes an action (OpenWhisk's PrimitiveActions): merges the action's parameters with the request
/// body, builds the activation message, hands it to the balancer the resolver picks, and for blocking calls waits
/// for the result up to the blocking timeout.
/// </summary>
public sealed class ActionInvoker(
    ILoadBalancerResolver resolver,
    IActivationStore activations,
    InFlightActivations inFlight,
    IOptions<ControllerOptions> options,
    TimeProvider timeProvider)
{
    private readonly ControllerInstanceId controller = new(options.Value.InstanceId);

    public async Task<InvocationResult> InvokeAsync(
        Identity user,
        StoredAction stored,
        JsonElement? body,
        bool blocking,
        TimeSpan? wait,
        TransactionId transaction,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(stored);
        var action = stored.Action;
        var balancer = resolver.Resolve(action);
        var message = new ActivationMessage
        {
            TransactionId = transaction,
            Action = ActionReference.For(action),
            Revision = stored.Revision,
            User = user,
            ActivationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            RootControllerIndex = controller,
            Blocking = blocking,
            Content = MergeParameters(action, body),
            InitArgs = action.Parameters.Where(p => p.Init).Select(p => p.Key).ToList(),
            ActionDocument = (action.Exec.Code?.Length ?? 0) <= options.Value.EmbedActionMaxCodeBytes ? action : null,
            Balancer = balancer.Name,
        };

        var publication = await balancer.PublishAsync(action, message, cancellationToken);
        inFlight.Add(publication.ActivationId, publication.Completion);
        if (!blocking)
        {
            return new InvocationResult(publication.ActivationId, null);
        }

        var limit = wait ?? options.Value.BlockingTimeout;
        try
        {
            var outcome = await publication.Result.WaitAsync(limit, timeProvider, cancellationToken);
            return new InvocationResult(outcome.ActivationId, outcome.Record ?? await activations.GetAsync(user.Namespace.Name, outcome.ActivationId, cancellationToken));
        }
        catch (TimeoutException)
        {
            return new InvocationResult(publication.ActivationId, null);
        }
    }

    /// <summary>The action's parameters overridden by the request body (which must be a JSON object or empty).</summary>
    private static JsonElement MergeParameters(WhiskAction action, JsonElement? body)
    {
        if (body is { } given && given.ValueKind is not (JsonValueKind.Object or JsonValueKind.Undefined or JsonValueKind.Null))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The request body must be a JSON object.");
        }

        var hasBody = body is { ValueKind: JsonValueKind.Object };
        if (action.Parameters.Count == 0 && hasBody)
        {
            return body!.Value;
        }

        if (hasBody && action.Annotations.IsTruthy("final"))
        {
            foreach (var property in body!.Value.EnumerateObject())
            {
                if (action.Parameters.Find(property.Name) is not null)
                {
                    throw ApiException.BadRequest("Request defines parameters that are not allowed (e.g., reserved properties).");
                }
            }
        }

        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var parameter in action.Parameters)
            {
                if (!hasBody || !body!.Value.TryGetProperty(parameter.Key, out _))
                {
                    writer.WritePropertyName(parameter.Key);
                    parameter.Value.WriteTo(writer);
                }
            }

            if (hasBody)
            {
                foreach (var property in body!.Value.EnumerateObject())
                {
                    property.WriteTo(writer);
                }
            }

            writer.WriteEndObject();
        }

        return JsonDocument.Parse(buffer.WrittenMemory).RootElement.Clone();
    }
}
