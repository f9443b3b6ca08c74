using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Spi.Entities;
using OpenWhisk.Spi.Stores;

namespace OpenWhisk.Controller.Routes;

/// <summary>
/// Route management (<c>wsk api</c>, the npm client's <c>routes</c>): <c>/api/v1/web/whisk.system/apimgmt/{createApi,
/// getApi,deleteApi}</c>, answered by the controller itself with OpenWhisk's request and response shapes, where
/// OpenWhisk runs three actions that call a separate API gateway. The caller's key names the namespace.
/// </summary>
public sealed class ApiManagementApi(Authenticator auth, GatewayApiStore apis, IOptions<LimitsOptions> limits, IConfiguration configuration, TimeProvider timeProvider)
{
    /// <summary>The package whose web actions are route management.</summary>
    public const string Package = "whisk.system/apimgmt";

    private const int WriteAttempts = 3;

    /// <summary>Answers one of <c>createApi</c>, <c>getApi</c>, <c>deleteApi</c>; false for another name.</summary>
    public async Task<bool> TryHandleAsync(HttpContext context, string operation)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (operation is not ("createApi" or "getApi" or "deleteApi"))
        {
            return false;
        }

        // As web actions, they get the default CORS headers, and the controller answers their preflights.
        Web.WebCors.Add(context);
        if (HttpMethods.IsOptions(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status200OK;
            return true;
        }

        var parameters = await ApiManagementRequest.ReadAsync(context, limits.Value.PayloadMaxBytes);
        var caller = await auth.TryAuthenticateAsync(context);
        JsonNode answer;
        try
        {
            answer = operation switch
            {
                "createApi" => await CreateAsync(parameters, caller, context.RequestAborted),
                "getApi" => await GetAsync(parameters, caller, context.RequestAborted),
                _ => await DeleteAsync(parameters, caller, context.RequestAborted),
            };
        }
        catch (ApiManagementException refused)
        {
            await JsonResponses.WriteAsync(context, 502, writer => new JsonObject { ["error"] = refused.Message }.WriteTo(writer));
            return true;
        }

        await JsonResponses.WriteAsync(context, 200, writer => answer.WriteTo(writer));
        return true;
    }

    private async Task<JsonNode> CreateAsync(JsonObject parameters, Identity? caller, CancellationToken cancellationToken)
    {
        var user = caller ?? throw new ApiManagementException("A valid auth key is required.");
        var (apidoc, swagger, endpoint) = ApiDocRequest.Read(parameters, user.Namespace.Name);
        var basePath = swagger?["basePath"]?.ToString() ?? endpoint!.BasePath;
        var responseType = parameters["responsetype"]?.ToString() is { Length: > 0 } given ? given : "json";
        for (var attempt = 1; ; attempt++)
        {
            var existing = await apis.GetAsync(GatewayApiStore.DocId(user.Namespace.Name, basePath), cancellationToken);
            var document = swagger?.DeepClone().AsObject()
                ?? (existing is null ? ApiDocuments.Base(basePath, apidoc["apiName"]?.ToString()) : JsonNode.Parse(existing.Entity.Swagger.GetRawText())!.AsObject());
            if (endpoint is not null)
            {
                ApiDocuments.AddEndpoint(document, endpoint, responseType);
            }

            if (ApiDocumentValidation.Problem(document) is { } problem)
            {
                throw new ApiManagementException("API creation failure: " + problem);
            }

            var api = new GatewayApi
            {
                Namespace = user.Namespace.Name,
                BasePath = basePath,
                Swagger = JsonSerializer.SerializeToElement(document),
                Updated = timeProvider.GetUtcNow().ToUnixTimeMilliseconds(),
            };
            try
            {
                await apis.SaveAsync(user.Namespace.Name, basePath, api, existing?.Revision, cancellationToken);
                return ApiItems.Of(document, ApiHost, user.Namespace.Uuid, basePath);
            }
            catch (DocumentConflictException) when (attempt < WriteAttempts)
            {
                // Another endpoint was added to the same API meanwhile: add this one to it.
            }
        }
    }

    private async Task<JsonNode> GetAsync(JsonObject parameters, Identity? caller, CancellationToken cancellationToken)
    {
        var user = caller ?? throw new ApiManagementException("Invalid authentication.");
        if (parameters["outputFormat"]?.ToString() is { } format && format.ToLowerInvariant() is not ("apigw" or "swagger"))
        {
            throw new ApiManagementException("Invalid outputFormat value. Valid values are: apigw, swagger");
        }

        var skip = Number(parameters, "skip");
        var limit = Number(parameters, "limit");
        var matching = Matching(await apis.ListAsync(user.Namespace.Name, cancellationToken), parameters["basepath"]?.ToString())
            .OrderBy(a => a.BasePath, StringComparer.Ordinal)
            .Skip(skip ?? 0)
            .Take(limit is > 0 ? limit.Value : int.MaxValue);
        var items = new JsonArray(matching.Select(a => (JsonNode)ApiItems.Of(JsonNode.Parse(a.Swagger.GetRawText())!, ApiHost, user.Namespace.Uuid, a.BasePath)).ToArray());
        return new JsonObject { ["apis"] = items };
    }

    private async Task<JsonNode> DeleteAsync(JsonObject parameters, Identity? caller, CancellationToken cancellationToken)
    {
        var user = caller ?? throw new ApiManagementException("Invalid authentication.");
        var basePath = parameters["basepath"]?.ToString() is { Length: > 0 } given ? given : throw new ApiManagementException("basepath is required.");
        var relativePath = parameters["relpath"]?.ToString() is { Length: > 0 } rel ? rel : null;
        var operation = parameters["operation"]?.ToString() is { Length: > 0 } op ? op.ToLowerInvariant() : null;
        if (operation is not null && relativePath is null)
        {
            throw new ApiManagementException("When specifying an operation, the path is required.");
        }

        for (var attempt = 1; attempt <= WriteAttempts + 1; attempt++)
        {
            var api = Matching(await apis.ListAsync(user.Namespace.Name, cancellationToken), basePath).FirstOrDefault()
                ?? throw new ApiManagementException($"API deletion failure: API '{basePath}' does not exist.");
            var stored = await apis.GetAsync(GatewayApiStore.DocId(user.Namespace.Name, api.BasePath), cancellationToken);
            if (stored is null)
            {
                // Deleted since it was listed.
                continue;
            }

            GatewayApi? remaining = null;
            if (relativePath is not null)
            {
                var document = JsonNode.Parse(stored.Entity.Swagger.GetRawText())!.AsObject();
                if (ApiDocuments.RemoveEndpoint(document, relativePath, operation) is { } problem)
                {
                    throw new ApiManagementException("API deletion failure: " + problem);
                }

                remaining = document["paths"] is JsonObject { Count: > 0 }
                    ? stored.Entity with { Swagger = JsonSerializer.SerializeToElement(document), Updated = timeProvider.GetUtcNow().ToUnixTimeMilliseconds() }
                    : null;
            }

            try
            {
                await apis.SaveAsync(user.Namespace.Name, api.BasePath, remaining, stored.Revision, cancellationToken);
                return new JsonObject();
            }
            catch (DocumentConflictException) when (attempt < WriteAttempts)
            {
                // Changed meanwhile: apply the deletion to its new state.
            }
        }

        throw new ApiManagementException($"API deletion failure: API '{basePath}' does not exist.");
    }

    private string ApiHost => configuration["Api:Host"] ?? "http://localhost:3233";

    /// <summary>APIs by base path (a leading slash) or by name (none); every API without a filter.</summary>
    private static IEnumerable<GatewayApi> Matching(IEnumerable<GatewayApi> all, string? basePathOrName) => basePathOrName switch
    {
        null or "" => all,
        var path when path.StartsWith('/') => all.Where(a => a.BasePath == path),
        var name => all.Where(a => a.Title == name),
    };

    private static int? Number(JsonObject parameters, string name) =>
        int.TryParse(parameters[name]?.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var value) ? value : null;
}
