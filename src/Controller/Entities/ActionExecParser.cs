using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// Parses the <c>exec</c> of an action's PUT body: a runtime kind with code (zip archives detected as OpenWhisk
/// does, by their base64 form), a blackbox image, or a sequence's components (fully qualified, <c>_</c> resolved).
/// </summary>
public static partial class ActionExecParser
{
    public static ActionExec Parse(JsonElement exec, RuntimesManifest manifest, LimitsOptions limits, string callerNamespace)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(limits);
        if (exec.ValueKind != JsonValueKind.Object || !exec.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest(ApiMessages.ExecUndefined);
        }

        var kind = kindElement.GetString()!.Trim().ToLowerInvariant();
        if (kind == ActionExec.SequenceKind)
        {
            return new ActionExec { Kind = kind, Components = Components(exec, callerNamespace), Binary = null };
        }

        var code = exec.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (exec.TryGetProperty("main", out var m) && m.ValueKind is not (JsonValueKind.String or JsonValueKind.Null))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + $"if defined, 'main' be a string in 'exec' for '{kind}' actions");
        }

        var main = m.ValueKind == JsonValueKind.String && m.GetString()!.Length > 0 ? m.GetString() : null;
        if (code is not null && Encoding.UTF8.GetByteCount(code) > limits.CodeMaxBytes)
        {
            throw new ApiException(413, ApiMessages.TooLarge("exec", Encoding.UTF8.GetByteCount(code), limits.CodeMaxBytes));
        }

        if (kind == ActionExec.BlackboxKind)
        {
            var image = exec.TryGetProperty("image", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString()!.Trim() : null;
            if (string.IsNullOrEmpty(image))
            {
                throw ApiException.BadRequest("exec malformed: a blackbox action needs an image.");
            }

            if (!ImageName().IsMatch(image))
            {
                throw ApiException.BadRequest(ApiMessages.Malformed + $"'{image}' is not a valid image name.");
            }

            code = string.IsNullOrWhiteSpace(code) ? null : code;
            return new ActionExec { Kind = kind, Image = image, Code = code, Binary = BinaryCode.IsBinary(code), Main = main };
        }

        var runtime = manifest.Resolve(kind)
            ?? throw ApiException.BadRequest($"kind '{kind}' not in [{string.Join(", ", manifest.Kinds.Select(k => k.Kind).Append(ActionExec.BlackboxKind).Append(ActionExec.SequenceKind))}]");
        if (runtime.Deprecated)
        {
            throw ApiException.BadRequest($"Runtime '{runtime.Kind}' is deprecated and can no longer be used for new actions.");
        }

        if (string.IsNullOrEmpty(code))
        {
            throw ApiException.BadRequest("exec malformed: code is missing.");
        }

        if (runtime.RequireMain && main is null)
        {
            throw ApiException.BadRequest($"exec malformed: kind '{runtime.Kind}' requires 'main'.");
        }

        return new ActionExec { Kind = runtime.Kind, Code = code, Binary = BinaryCode.IsBinary(code), Main = main };
    }

    /// <summary>The components, each a fully qualified action name, with <c>_</c> replaced by the caller's namespace.</summary>
    private static List<string> Components(JsonElement exec, string callerNamespace)
    {
        if (!exec.TryGetProperty("components", out var components))
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "'components' must be defined for sequence kind");
        }

        if (components.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "'components' must be an array");
        }

        var names = new List<string>();
        foreach (var component in components.EnumerateArray())
        {
            if (component.ValueKind != JsonValueKind.String || !QualifiedName.TryParse(component.GetString(), out var name))
            {
                throw ApiException.BadRequest(ApiMessages.Malformed + ApiMessages.MalformedQualifiedName);
            }

            names.Add(name.ResolveDefault(callerNamespace).WithLeadingSlash);
        }

        return names;
    }

    // [registry[:port]/]repository[/more]...[:tag][@digest], lower case as Docker requires.
    [GeneratedRegex(@"\A([a-zA-Z0-9.-]+(:[0-9]+)?/)?[a-z0-9]+([._-][a-z0-9]+)*(/[a-z0-9]+([._-][a-z0-9]+)*)*(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?\z", RegexOptions.CultureInvariant)]
    private static partial Regex ImageName();
}
