using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Alarms;

/// <summary>The handlers of <see cref="AlarmEndpoints"/>.</summary>
public sealed partial class AlarmApi(
    Authenticator auth,
    TriggerStore triggers,
    AlarmStore alarms,
    IOptions<AlarmOptions> options,
    TimeProvider timeProvider,
    ILogger<AlarmApi> logger)
{
    private const int WriteAttempts = 5;

    public enum Operation
    {
        Create,
        Read,
        Update,
        Delete,
    }

    public async Task HandleAsync(HttpContext context, string ns, string name, Operation operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user, name);
        EntityNames.Validate(name);

        // As OpenWhisk's alarms service does, the key must be able to read the trigger (a delete may find it gone).
        if (await triggers.FindAsync(namespaceName + "/" + name, context.RequestAborted) is null && operation != Operation.Delete)
        {
            await ErrorAsync(context, 404, "Trigger authentication request failed.");
            return;
        }

        var docId = AlarmStore.DocId(namespaceName, name);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var body = await RequestBodies.ReadJsonAsync(context, 1024 * 1024, "Request") ?? JsonDocument.Parse("{}").RootElement;
        try
        {
            if (operation == Operation.Read)
            {
                var read = await alarms.GetAsync(docId, context.RequestAborted) ?? throw NotInDatabase(namespaceName, name);
                await JsonResponses.WriteAsync(context, 200, writer => AlarmView.Read(read.Entity).WriteTo(writer));
                return;
            }

            // A due alarm is rewritten at every tick it fires: a write that meets one is read and made again.
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    await WriteAsync(operation, docId, namespaceName, name, body, user.AuthKey.ApiKey, now, context.RequestAborted);
                    break;
                }
                catch (DocumentConflictException) when (attempt < WriteAttempts)
                {
                }
            }

            await JsonResponses.WriteAsync(context, 200, writer => new JsonObject { ["status"] = "success" }.WriteTo(writer));
        }
        catch (ApiException refused) when (refused.Status is 400 or 404)
        {
            await ErrorAsync(context, refused.Status, refused.Message);
        }
        catch (DocumentConflictException)
        {
            await ErrorAsync(context, 409, "the alarm was changed meanwhile; try again");
        }
    }

    private async Task WriteAsync(Operation operation, string docId, string namespaceName, string name, JsonElement body, string apiKey, long now, CancellationToken cancellationToken)
    {
        var existing = await alarms.GetAsync(docId, cancellationToken);
        switch (operation)
        {
            case Operation.Create:
                var created = AlarmDefinition.Create(body, namespaceName, name, apiKey, now, options.Value);
                await alarms.PutAsync(created, existing?.Revision, cancellationToken);
                LogAlarmSet(logger, created.TriggerName, created.Kind);
                break;
            case Operation.Update:
                var current = existing ?? throw NotInDatabase(namespaceName, name);
                await alarms.PutAsync(AlarmUpdate.Apply(current.Entity, body, now, options.Value) with { Updated = now }, current.Revision, cancellationToken);
                break;
            default:
                var doomed = existing ?? throw NotInDatabase(namespaceName, name);
                await alarms.DeleteAsync(docId, doomed.Revision, cancellationToken);
                LogAlarmDeleted(logger, doomed.Entity.TriggerName);
                break;
        }
    }

    private static ApiException NotInDatabase(string ns, string name) => new(404, $"could not find trigger /{ns}/{name} in the database");

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonResponses.WriteAsync(context, status, writer => new JsonObject { ["error"] = message }.WriteTo(writer));

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm of trigger {Trigger} set ({Kind})")]
    private static partial void LogAlarmSet(ILogger logger, string trigger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm of trigger {Trigger} deleted")]
    private static partial void LogAlarmDeleted(ILogger logger, string trigger);
}
