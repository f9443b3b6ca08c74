namespace OpenWhisk.Controller.Routes;

/// <summary>The operation a request to an API route reaches.</summary>
/// <param name="TargetUrl">The web action URL the gateway calls (<c>$(request.path)</c> still in it for the http type).</param>
/// <param name="SecureKey">The secret the gateway sends as <c>X-Require-Whisk-Auth</c>, if any.</param>
/// <param name="PathDeclared">Whether the path exists but has no operation for the verb.</param>
public sealed record ApiRouteMatch(string? TargetUrl, string? SecureKey, bool PathDeclared);
