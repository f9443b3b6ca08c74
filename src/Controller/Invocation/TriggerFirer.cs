using System.Text.Json;
using System.Text.Json.Nodes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Execution;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Fires a trigger (OpenWhisk's trigger activation): when at least one rule is active, every active rule's action is
/// invoked (not blocking) as the firing identity, with the trigger's parameters, then the request headers as
/// <c>__ow_headers</c>, then the payload; each invocation is checked and throttled like an API call, and has the
/// trigger's activation as its <c>cause</c>. The trigger's record (one log line per rule) is stored once every rule
/// was dispatched.
/// </summary>
public sealed partial class TriggerFirer(
    ActionGateway gateway,
    ActivationDispatcher dispatcher,
    ActivationRecordStorer storer,
    TimeProvider timeProvider,
    ILogger<TriggerFirer> logger)
{

    /// <summary>
    /// Fires <paramref name="trigger"/>; returns the trigger activation's id, or null when no rule is active (nothing
    /// runs and no record is written). The rules are dispatched in the background.
    /// </summary>
    public string? Fire(Identity user, WhiskTrigger trigger, JsonElement? payload, IReadOnlyDictionary<string, string> headers, TransactionId transaction)
    {
        ArgumentNullException.ThrowIfNull(user);
        ArgumentNullException.ThrowIfNull(trigger);
        var rules = trigger.Rules ?? new Dictionary<string, TriggerRule>();
        if (!rules.Values.Any(r => r.Status == RuleStatus.Active))
        {
            return null;
        }

        var id = ActionInvoker.NewActivationId(timeProvider);
        var start = timeProvider.GetUtcNow();
        var arguments = Arguments(trigger, headers, payload);
        dispatcher.Track(id, DispatchAsync(user, trigger, rules, id, start, arguments, payload, transaction));
        return id;
    }

    private static JsonElement Arguments(WhiskTrigger trigger, IReadOnlyDictionary<string, string> headers, JsonElement? payload)
    {
        var arguments = new JsonObject();
        foreach (var parameter in trigger.Parameters)
        {
            arguments[parameter.Key] = JsonNode.Parse(parameter.Value.GetRawText());
        }

        var headerObject = new JsonObject();
        foreach (var (name, value) in headers)
        {
            headerObject[name.ToLowerInvariant()] = value;
        }

        arguments["__ow_headers"] = headerObject;
        if (payload is { ValueKind: JsonValueKind.Object } body)
        {
            foreach (var property in body.EnumerateObject())
            {
                arguments[property.Name] = JsonNode.Parse(property.Value.GetRawText());
            }
        }

        return JsonSerializer.SerializeToElement(arguments, OpenWhiskJson.Options);
    }

    private static string LogLine(string rule, EntityReference action, ActivationStatus status, string? activationId, string? error)
    {
        var line = new JsonObject
        {
            ["rule"] = rule,
            ["action"] = action.ToString(),
            ["statusCode"] = (int)status,
            ["success"] = status == ActivationStatus.Success,
        };
        if (activationId is not null)
        {
            line["activationId"] = activationId;
        }
        else
        {
            line["error"] = error;
        }

        return line.ToJsonString(OpenWhiskJson.Options);
    }

    private async Task DispatchAsync(
        Identity user,
        WhiskTrigger trigger,
        IReadOnlyDictionary<string, TriggerRule> rules,
        string id,
        DateTimeOffset start,
        JsonElement arguments,
        JsonElement? payload,
        TransactionId transaction)
    {
        await Task.Yield();
        var lines = new List<string>(rules.Count);
        foreach (var (rule, link) in rules)
        {
            lines.Add(await InvokeRuleAsync(user, rule, link, arguments, id, transaction));
        }

        var record = new ActivationRecord
        {
            Namespace = user.Namespace.Name,
            Name = trigger.Name,
            Subject = user.Subject,
            ActivationId = id,
            Start = start.ToUnixTimeMilliseconds(),
            End = 0,
            Response = ActivationResponse.Success(payload is { ValueKind: JsonValueKind.Object } body ? body : JsonDocument.Parse("{}").RootElement),
            Logs = lines,
            Version = trigger.Version,
        };
        await storer.StoreAsync(user, record);
    }

    private async Task<string> InvokeRuleAsync(Identity user, string rule, TriggerRule link, JsonElement arguments, string cause, TransactionId transaction)
    {
        if (link.Status != RuleStatus.Active)
        {
            return LogLine(rule, link.Action, ActivationStatus.ApplicationError, null, $"Rule '{rule}' is inactive, action '{link.Action}' was not activated.");
        }

        try
        {
            var name = link.Action.QualifiedName;
            await gateway.AuthorizeAsync(user, name, CancellationToken.None);
            var request = new InvocationRequest
            {
                User = user,
                Transaction = transaction,
                Payload = arguments,
                Cause = cause,
                CausedBy = ActivationMessage.CausedByTrigger,
            };
            var result = await gateway.InvokeAsync(request, name, CancellationToken.None);
            return LogLine(rule, link.Action, ActivationStatus.Success, result.ActivationId, null);
        }
        catch (Exception exception)
        {
            // Each rule's outcome is told as the API would tell a direct invocation of its action.
            var (code, message) = ApiFailures.Classify(exception);
            if (code == 500)
            {
                LogRuleFailed(logger, rule, exception);
            }

            var status = code >= 500 ? ActivationStatus.WhiskError : ActivationStatus.ApplicationError;
            return LogLine(rule, link.Action, status, null, message);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Rule {Rule} could not invoke its action")]
    private static partial void LogRuleFailed(ILogger logger, string rule, Exception exception);
}
