using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Alarms;

/// <summary>
/// Fires an alarm's trigger as OpenWhisk's alarms provider does through the API: with the key that created the alarm
/// (so the key's namespace is throttled by its fires per minute), its stored payload as the body.
/// </summary>
public sealed class AlarmTarget(Authenticator auth, TriggerStore triggers, RuleStore rules, TriggerFirer firer, InvocationThrottles throttles, TimeProvider timeProvider) : IAlarmTarget
{
    private static readonly IReadOnlyDictionary<string, string> Headers = new Dictionary<string, string>
    {
        ["user-agent"] = "OpenWhisk.NET alarms",
        ["content-type"] = "application/json",
    };

    public async Task<int> FireAsync(AlarmSchedule alarm, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var user = await auth.IdentityOfKeyAsync(alarm.ApiKey, cancellationToken);
        if (user is null)
        {
            return 401;
        }

        if (user.Namespace.Name != alarm.Namespace)
        {
            return 403;
        }

        var trigger = await triggers.FindAsync(alarm.Namespace + "/" + alarm.Name, cancellationToken);
        if (trigger is null)
        {
            return 404;
        }

        try
        {
            throttles.CheckFires(user);
        }
        catch (ApiException throttled)
        {
            return throttled.Status;
        }

        var transaction = new TransactionId(ActionInvoker.NewActivationId(timeProvider), timeProvider.GetUtcNow().ToUnixTimeMilliseconds());
        return firer.Fire(user, trigger.Entity, alarm.Payload, Headers, transaction) is null ? 204 : 202;
    }

    public async Task RemoveTriggerAsync(AlarmSchedule alarm, bool withRules, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(alarm);
        var trigger = await triggers.FindAsync(alarm.Namespace + "/" + alarm.Name, cancellationToken);
        if (trigger is null)
        {
            return;
        }

        try
        {
            await triggers.DeleteAsync(alarm.Namespace + "/" + alarm.Name, trigger.Revision, cancellationToken);
        }
        catch (DocumentConflictException)
        {
            // Changed by its owner since: it is theirs now, left as it is.
            return;
        }

        foreach (var rule in withRules ? trigger.Entity.Rules?.Keys ?? [] : [])
        {
            if (await rules.FindAsync(rule, cancellationToken) is { } stored)
            {
                try
                {
                    await rules.DeleteAsync(rule, stored.Revision, cancellationToken);
                }
                catch (DocumentConflictException)
                {
                    // Changed by its owner since: left as it is.
                }
            }
        }
    }
}
