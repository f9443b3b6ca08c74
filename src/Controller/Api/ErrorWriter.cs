namespace OpenWhisk.Controller.Api;

/// <summary>Writes OpenWhisk's error shape: <c>{"error": "...", "code": "&lt;transaction id&gt;"}</c>.</summary>
public static class ErrorWriter
{
    /// <summary>Writes the error; a 401 asks for Basic credentials unless <paramref name="challenge"/> is false (web actions).</summary>
    public static async Task WriteAsync(HttpContext context, int status, string message, bool challenge = true)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (status == StatusCodes.Status401Unauthorized && challenge)
        {
            context.Response.Headers.WWWAuthenticate = "Basic realm=\"OpenWhisk secure realm\"";
        }

        await JsonResponses.WriteAsync(context, status, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("error", message);
            writer.WriteString("code", context.TransactionId());
            writer.WriteEndObject();
        });
    }
}
