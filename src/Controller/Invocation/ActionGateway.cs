using System.Text.Json;
using Microsoft.Extensions.Options;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;
using OpenWhisk.Controller.Entitlement;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Invocation;

/// <summary>
/// Invokes an action by the name a caller used, with every check of OpenWhisk's invoke route: the invocation
/// throttles and the right to invoke it (<see cref="AuthorizeAsync"/>), then its resolution, <c>final</c> parameters,
/// the blackbox image policy and the right to invoke a sequence's components. The API and fired triggers use it.
/// </summary>
public sealed class ActionGateway(
    InvocationThrottles throttles,
    EntitlementChecker entitlement,
    ActionResolver resolver,
    ActivationDispatcher dispatcher,
    IOptions<LimitsOptions> limits)
{
    /// <summary>Counts the invocation against the caller's throttles and checks the right to invoke the action.</summary>
    /// <exception cref="ApiException">429 when throttled, 403 or 404 when the caller may not invoke it.</exception>
    public async Task AuthorizeAsync(Identity user, QualifiedName name, CancellationToken cancellationToken)
    {
        throttles.Check(user);
        await entitlement.CheckActionAsync(user, Privilege.Activate, name, cancellationToken);
    }

    /// <summary>Invokes an action the caller was authorized for (<see cref="AuthorizeAsync"/>).</summary>
    /// <exception cref="ApiException">400, 403 or 404 when the action cannot be invoked with this input.</exception>
    public async Task<InvocationResult> InvokeAsync(InvocationRequest request, QualifiedName name, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Payload is { } given && given.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The request body must be a JSON object.");
        }

        var resolved = await resolver.ResolveAsync(name, cached: true, cancellationToken) ?? throw ApiException.NotFound();
        return await InvokeResolvedAsync(request, resolved, cancellationToken);
    }

    /// <summary>Invokes an action the caller was authorized for and already resolved (web actions look at it first).</summary>
    /// <exception cref="ApiException">400 or 403 when the action cannot be invoked with this input.</exception>
    public async Task<InvocationResult> InvokeResolvedAsync(InvocationRequest request, ResolvedAction resolved, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(resolved);
        var action = resolved.Action;
        RequireNoFinalParameters(action, request.Payload);
        if (action.Exec.IsBlackbox)
        {
            BlackboxImagePolicy.Require(action.Exec.Image!, limits.Value.AllowedBlackboxImages);
        }

        foreach (var component in action.Exec.Components ?? [])
        {
            // The caller needs the right to invoke each component (checked, not throttled).
            if (QualifiedName.TryParse(component, out var componentName))
            {
                await entitlement.CheckActionAsync(request.User, Privilege.Activate, componentName.ResolveDefault(request.User.Namespace.Name), cancellationToken);
            }
        }

        return await dispatcher.InvokeAsync(request, resolved, cancellationToken);
    }

    /// <summary>Whether <paramref name="name"/> is a parameter the action fixes: it has the <c>final</c> annotation and a value for it.</summary>
    public static bool IsFinalParameter(WhiskAction action, string name)
    {
        ArgumentNullException.ThrowIfNull(action);
        return action.Annotations.Find("final") is { ValueKind: JsonValueKind.True } && action.Parameters.Find(name) is { ValueKind: not JsonValueKind.Null };
    }

    /// <summary>With the <c>final</c> annotation, the body may not set a parameter that already has a value.</summary>
    private static void RequireNoFinalParameters(WhiskAction action, JsonElement? body)
    {
        if (body is { ValueKind: JsonValueKind.Object } given && given.EnumerateObject().Any(p => IsFinalParameter(action, p.Name)))
        {
            throw ApiException.BadRequest(ApiMessages.ParametersNotAllowed);
        }
    }
}
