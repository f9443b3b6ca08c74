using System.Text.Json;

namespace OpenWhisk.Spi.Toolkit.Docker;

/// <summary>Why the engine could not start a container, in words an action's developer can act on.</summary>
public static class StartFailure
{
    /// <summary>
    /// The engine's message (from a JSON error body <c>{"message": …}</c> or the text itself), shortened to the part
    /// after the runtime's prefixes: <c>exec: "/missing": stat /missing: no such file or directory</c>.
    /// </summary>
    /// <param name="engineMessage">The body of the engine's error response, or a task's error text.</param>
    /// <returns>The reason.</returns>
    public static string Reason(string? engineMessage)
    {
        var message = engineMessage?.Trim() ?? string.Empty;
        if (message.StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(message);
                message = document.RootElement.TryGetProperty("message", out var text) ? text.GetString() ?? message : message;
            }
            catch (JsonException)
            {
                // Not JSON after all: keep the text.
            }
        }

        const string Marker = "starting container process caused: ";
        var at = message.IndexOf(Marker, StringComparison.Ordinal);
        if (at >= 0)
        {
            message = message[(at + Marker.Length)..];
        }

        message = message.EndsWith(": unknown", StringComparison.Ordinal) ? message[..^": unknown".Length] : message;
        return message.Length == 0 ? "the engine gave no reason" : message;
    }
}
