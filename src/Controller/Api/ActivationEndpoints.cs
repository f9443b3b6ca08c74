using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Invocation;
using OpenWhisk.Spi.Activations;
using OpenWhisk.Spi.Logs;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Api;

/// <summary><c>/api/v1/namespaces/{ns}/activations</c>: list, get, <c>/result</c> and <c>/logs</c>.</summary>
public static class ActivationEndpoints
{
    public static IEndpointRouteBuilder MapActivationEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/namespaces/{ns}/activations", ListAsync);
        app.MapGet("/api/v1/namespaces/{ns}/activations/{id}", GetAsync);
        app.MapGet("/api/v1/namespaces/{ns}/activations/{id}/result", ResultAsync);
        app.MapGet("/api/v1/namespaces/{ns}/activations/{id}/logs", LogsAsync);
        return app;
    }

    private static async Task ListAsync(HttpContext context, string ns, Authenticator auth, IActivationStore store, IOptions<LimitsOptions> limits)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user);
        var docs = RequestParameters.Flag(context, "docs");
        var count = RequestParameters.Flag(context, "count");
        if (docs && count)
        {
            throw ApiException.BadRequest("The parameter 'docs' is not permitted with 'count'.");
        }

        var name = context.Request.Query["name"].ToString();
        var query = new ActivationQuery
        {
            Namespace = namespaceName,
            Name = name.Length == 0 ? null : name.TrimStart('/'),
            Skip = RequestParameters.Skip(context),
            Limit = RequestParameters.Limit(context, limits.Value.ListDefault, limits.Value.ListMax, "activations"),
            Since = RequestParameters.EpochMs(context, "since"),
            Upto = RequestParameters.EpochMs(context, "upto"),
            WithoutResultAndLogs = !docs,
        };
        if (query.Name is not null)
        {
            foreach (var segment in query.Name.Split('/'))
            {
                EntityNames.Validate(segment);
            }
        }

        if (count)
        {
            var total = await store.CountAsync(query, context.RequestAborted);
            await JsonResponses.WriteAsync(context, 200, writer =>
            {
                writer.WriteStartObject();
                writer.WriteNumber("activations", total);
                writer.WriteEndObject();
            });
            return;
        }

        var records = await store.ListAsync(query, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartArray();
            foreach (var record in records)
            {
                if (docs)
                {
                    ActivationViews.WriteExtended(writer, record);
                }
                else
                {
                    ActivationViews.WriteSummary(writer, record);
                }
            }

            writer.WriteEndArray();
        });
    }

    private static async Task GetAsync(HttpContext context, string ns, string id, Authenticator auth, IActivationStore store, InFlightActivations inFlight)
    {
        var record = await FindAsync(context, ns, id, auth, store, inFlight);
        await JsonResponses.WriteAsync(context, 200, writer => ActivationViews.WriteExtended(writer, record));
    }

    private static async Task ResultAsync(HttpContext context, string ns, string id, Authenticator auth, IActivationStore store, InFlightActivations inFlight)
    {
        var record = await FindAsync(context, ns, id, auth, store, inFlight);
        await JsonResponses.WriteAsync(context, 200, writer => ActivationViews.WriteResponse(writer, record.Response));
    }

    private static async Task LogsAsync(HttpContext context, string ns, string id, Authenticator auth, IActivationStore store, InFlightActivations inFlight, ILogStore logs)
    {
        var record = await FindAsync(context, ns, id, auth, store, inFlight);
        var lines = await logs.FetchAsync(record, context.RequestAborted);
        await JsonResponses.WriteAsync(context, 200, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("logs");
            foreach (var line in lines)
            {
                writer.WriteStringValue(line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });
    }

    /// <summary>The record of an activation; one still in flight on this controller is waited for (up to 10 s).</summary>
    private static async Task<ActivationRecord> FindAsync(HttpContext context, string ns, string id, Authenticator auth, IActivationStore store, InFlightActivations inFlight)
    {
        var user = await auth.AuthenticateAsync(context);
        var namespaceName = Namespaces.Resolve(ns, user);
        if (id.Length != 32)
        {
            throw ApiException.BadRequest(ApiMessages.ActivationIdLength(id.Length));
        }

        if (await store.GetAsync(namespaceName, id, context.RequestAborted) is { } record)
        {
            return record;
        }

        await inFlight.WaitAsync(id, TimeSpan.FromSeconds(10), context.RequestAborted);
        return await store.GetAsync(namespaceName, id, context.RequestAborted) ?? throw ApiException.NotFound();
    }
}
