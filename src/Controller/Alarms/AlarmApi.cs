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
        if (await triggers.GetAsync(namespaceName + "/" + name, context.RequestAborted) is null && operation != Operation.Delete)
        {
            await ErrorAsync(context, 404, "Trigger authentication request failed.");
            return;
        }

        var docId = AlarmStore.DocId(namespaceName, name);
        var now = timeProvider.GetUtcNow().ToUnixTimeMilliseconds();
        var body = await RequestBodies.ReadJsonAsync(context, 1024 * 1024, "Request") ?? JsonDocument.Parse("{}").RootElement;
        try
        {
            switch (operation)
            {
                case Operation.Create:
                    var created = AlarmDefinition.Create(body, namespaceName, name, user.AuthKey.ApiKey, now, options.Value);
                    var replaced = await alarms.GetAsync(docId, context.RequestAborted);
                    await alarms.PutAsync(created, replaced?.Revision, context.RequestAborted);
                    LogAlarmSet(logger, created.TriggerName, created.Kind);
                    await SuccessAsync(context);
                    break;
                case Operation.Read:
                    var read = await alarms.GetAsync(docId, context.RequestAborted) ?? throw NotInDatabase(namespaceName, name);
                    await JsonResponses.WriteAsync(context, 200, writer => AlarmView.Read(read.Entity).WriteTo(writer));
                    break;
                case Operation.Update:
                    var existing = await alarms.GetAsync(docId, context.RequestAborted) ?? throw NotInDatabase(namespaceName, name);
                    await alarms.PutAsync(AlarmUpdate.Apply(existing.Entity, body, now, options.Value) with { Updated = now }, existing.Revision, context.RequestAborted);
                    await SuccessAsync(context);
                    break;
                default:
                    var doomed = await alarms.GetAsync(docId, context.RequestAborted) ?? throw NotInDatabase(namespaceName, name);
                    await alarms.DeleteAsync(docId, doomed.Revision, context.RequestAborted);
                    LogAlarmDeleted(logger, doomed.Entity.TriggerName);
                    await SuccessAsync(context);
                    break;
            }
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

    private static ApiException NotInDatabase(string ns, string name) => new(404, $"could not find trigger /{ns}/{name} in the database");

    private static Task SuccessAsync(HttpContext context) =>
        JsonResponses.WriteAsync(context, 200, writer => new JsonObject { ["status"] = "success" }.WriteTo(writer));

    private static Task ErrorAsync(HttpContext context, int status, string message) =>
        JsonResponses.WriteAsync(context, status, writer => new JsonObject { ["error"] = message }.WriteTo(writer));

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm of trigger {Trigger} set ({Kind})")]
    private static partial void LogAlarmSet(ILogger logger, string trigger, string kind);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alarm of trigger {Trigger} deleted")]
    private static partial void LogAlarmDeleted(ILogger logger, string trigger);
}
