namespace OpenWhisk.Controller.Web;

/// <summary>The HTTP response a web action's result becomes.</summary>
/// <param name="Status">The status code.</param>
/// <param name="Headers">The headers the result set (a name may repeat, as <c>Set-Cookie</c> does), without <c>Content-Type</c>.</param>
/// <param name="ContentType">The content type of the body, or null without a body.</param>
/// <param name="Body">The body.</param>
public sealed record WebResponse(int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, string? ContentType, ReadOnlyMemory<byte> Body);
