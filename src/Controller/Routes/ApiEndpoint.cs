using System.Text.Json.Nodes;

namespace OpenWhisk.Controller.Routes;

/// <summary>One endpoint of <c>wsk api create</c>: a verb on a path under a base path, served by a web action.</summary>
/// <param name="BasePath">The base path, for example <c>/club</c>.</param>
/// <param name="RelativePath">The path under it, for example <c>/books/{isbn}</c>.</param>
/// <param name="Method">The verb, for example <c>GET</c>.</param>
/// <param name="ActionNamespace">The namespace of the action.</param>
/// <param name="ActionName">The action, <c>[pkg/]name</c>.</param>
/// <param name="BackendUrl">The action's web URL as the client wrote it (its scheme and host are kept).</param>
/// <param name="SecureKey">The action's <c>require-whisk-auth</c> secret, passed on by the route, if any.</param>
/// <param name="PathParameters">The swagger parameters of the path's <c>{name}</c> segments, if any.</param>
public sealed record ApiEndpoint(
    string BasePath,
    string RelativePath,
    string Method,
    string ActionNamespace,
    string ActionName,
    string BackendUrl,
    string? SecureKey,
    JsonArray? PathParameters);
