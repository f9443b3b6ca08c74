using System.Text.Json;

namespace OpenWhisk.Common.Plugins;

/// <summary>
/// Checks a plugin's <c>.deps.json</c> before the runtime reads it: the runtime's dependency resolver aborts the
/// whole process on some malformed files instead of throwing.
/// </summary>
internal static class DepsFile
{
    public static void Validate(string path)
    {
        string? problem;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            problem = Check(document.RootElement);
        }
        catch (JsonException exception)
        {
            problem = "it is not valid JSON: " + exception.Message;
        }

        if (problem is not null)
        {
            throw new PluginLoadException($"Plugin dependency file '{path}' is not a valid .deps.json: {problem}");
        }
    }

    private static string? Check(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return "it is not a JSON object.";
        }

        if (!root.TryGetProperty("runtimeTarget", out var runtimeTarget)
            || runtimeTarget.ValueKind != JsonValueKind.Object
            || !runtimeTarget.TryGetProperty("name", out var targetName)
            || targetName.ValueKind != JsonValueKind.String)
        {
            return "'runtimeTarget.name' is missing.";
        }

        if (!root.TryGetProperty("targets", out var targets)
            || targets.ValueKind != JsonValueKind.Object
            || !targets.TryGetProperty(targetName.GetString()!, out var target)
            || target.ValueKind != JsonValueKind.Object)
        {
            return $"'targets' has no entry for '{targetName.GetString()}'.";
        }

        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object)
        {
            return "'libraries' is missing.";
        }

        return null;
    }
}
