using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Activations;

namespace OpenWhisk.Controller.Api;

/// <summary>
/// <c>POST /api/v1/namespaces/{ns}/actions[/{pkg}]/{name}</c>: invokes an action (primitive, sequence or composition),
/// blocking or not, <c>result=true</c> for the result alone; a blocking call that outlives its wait answers 202 with
/// the activation id.
/// </summary>
public static class ActionInvocationEndpoint
{
    public static async Task InvokeAsync(
        HttpContext context,
        string ns,
        string? path,
        Authenticator auth,
        ActionGateway gateway,
        IOptions<LimitsOptions> limits,
        IOptions<Hosting.ControllerOptions> controller)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = await auth.AuthenticateAsync(context);
        var name = ActionPath.Parse(ns, path, user).Action ?? throw ApiException.NotFound();
        await gateway.AuthorizeAsync(user, name, context.RequestAborted);
        var request = new InvocationRequest
        {
            User = user,
            Transaction = new TransactionId(context.TransactionId(), context.StartEpochMs()),
            Payload = await RequestBodies.ReadJsonAsync(context, limits.Value.PayloadMaxBytes, "Request"),
            Blocking = RequestParameters.Flag(context, "blocking"),
            Wait = Wait(context, controller.Value.BlockingTimeout),
        };
        var result = await gateway.InvokeAsync(request, name, context.RequestAborted);
        await WriteResultAsync(context, result, RequestParameters.Flag(context, "result"));
    }

    /// <summary>Writes 202 with the id, or the record (or its result) with 200, 502 or 500 by its status.</summary>
    public static async Task WriteResultAsync(HttpContext context, InvocationResult result, bool resultOnly)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(result);
        context.Response.Headers["x-openwhisk-activation-id"] = result.ActivationId;
        if (result.Record is not { } record)
        {
            await JsonResponses.WriteAsync(context, 202, writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("activationId", result.ActivationId);
                writer.WriteEndObject();
            });
            return;
        }

        var status = record.Response.StatusCode switch
        {
            ActivationStatus.Success => 200,
            ActivationStatus.WhiskError => 500,
            _ => 502,
        };
        var arrayResult = record.Response.Result is { ValueKind: System.Text.Json.JsonValueKind.Array };
        if (resultOnly || arrayResult)
        {
            await JsonResponses.WriteAsync(context, status, writer =>
            {
                if (record.Response.Result is { } value)
                {
                    value.WriteTo(writer);
                }
                else
                {
                    writer.WriteStartObject();
                    writer.WriteEndObject();
                }
            });
            return;
        }

        await JsonResponses.WriteAsync(context, status, writer => ActivationViews.WriteExtended(writer, record));
    }

    private static TimeSpan? Wait(HttpContext context, TimeSpan max)
    {
        var text = RequestParameters.Text(context, "timeout");
        if (text.Length == 0)
        {
            return null;
        }

        if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var ms) || ms <= 0 || ms > max.TotalMilliseconds)
        {
            throw ApiException.BadRequest($"Timeout must be number of milliseconds up to {(int)max.TotalMilliseconds}.");
        }

        return TimeSpan.FromMilliseconds(ms);
    }
}
