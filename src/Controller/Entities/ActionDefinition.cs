using System.Text;
using System.Text.Json;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// Turns the body of <c>PUT .../actions/{name}</c> into an action: a new one, or an update of an existing one where
/// absent fields keep their values and the version's patch number goes up. Validates kind, code, limits and sizes.
/// </summary>
public static class ActionDefinition
{
    public static WhiskAction Build(
        string namespacePath,
        string name,
        JsonElement body,
        WhiskAction? existing,
        RuntimesManifest manifest,
        LimitsOptions limits,
        long now)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(limits);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The action must be a JSON object.");
        }

        var exec = body.TryGetProperty("exec", out var execElement) && execElement.ValueKind != JsonValueKind.Null
            ? ParseExec(execElement, manifest, limits)
            : existing?.Exec ?? throw ApiException.BadRequest(ApiMessages.ExecUndefined);
        var parameters = body.TryGetProperty("parameters", out var p) ? ParsePairs(p, "parameters", limits) : existing?.Parameters ?? [];
        var annotations = body.TryGetProperty("annotations", out var a) ? ParsePairs(a, "annotations", limits) : existing?.Annotations ?? [];
        if (body.TryGetProperty("delAnnotations", out var remove) && remove.ValueKind == JsonValueKind.Array)
        {
            var removed = remove.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal);
            annotations = annotations.Where(kv => !removed.Contains(kv.Key)).ToList();
        }

        annotations = annotations.With(KeyValue.Of("exec", exec.Kind));
        if (existing is null && annotations.Find("provide-api-key") is null)
        {
            annotations = annotations.With(KeyValue.Of("provide-api-key", false));
        }

        var actionLimits = body.TryGetProperty("limits", out var l) && l.ValueKind == JsonValueKind.Object
            ? ParseLimits(l, existing is null ? Defaults(limits) : existing.Limits)
            : existing?.Limits ?? Defaults(limits);
        var version = body.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String && SemVer.TryParse(v.GetString(), out var requested)
            ? requested
            : existing is null ? SemVer.Initial : existing.Version.NextPatch();

        return new WhiskAction
        {
            Namespace = namespacePath,
            Name = name,
            Version = version,
            Publish = body.TryGetProperty("publish", out var publish) ? publish.ValueKind == JsonValueKind.True : existing?.Publish ?? false,
            Exec = exec,
            Parameters = parameters,
            Limits = LimitValidation.Validate(actionLimits, limits),
            Annotations = annotations,
            Updated = now,
        };
    }

    private static ActionExec ParseExec(JsonElement exec, RuntimesManifest manifest, LimitsOptions limits)
    {
        if (exec.ValueKind != JsonValueKind.Object || !exec.TryGetProperty("kind", out var kindElement) || kindElement.ValueKind != JsonValueKind.String)
        {
            throw ApiException.BadRequest(ApiMessages.ExecUndefined);
        }

        var kind = kindElement.GetString()!;
        var code = exec.TryGetProperty("code", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        var main = exec.TryGetProperty("main", out var m) && m.ValueKind == JsonValueKind.String && m.GetString()!.Length > 0 ? m.GetString() : null;
        if (code is not null && Encoding.UTF8.GetByteCount(code) > limits.CodeMaxBytes)
        {
            throw new ApiException(413, ApiMessages.TooLarge("exec", Encoding.UTF8.GetByteCount(code), limits.CodeMaxBytes));
        }

        if (kind == "sequence")
        {
            throw ApiException.BadRequest("Sequences are not supported by this deployment.");
        }

        if (kind == ActionExec.BlackboxKind)
        {
            var image = exec.TryGetProperty("image", out var i) && i.ValueKind == JsonValueKind.String ? i.GetString() : null;
            if (string.IsNullOrWhiteSpace(image))
            {
                throw ApiException.BadRequest("exec malformed: a blackbox action needs an image.");
            }

            return new ActionExec { Kind = kind, Image = image, Code = code, Binary = BinaryCode.IsBinary(code), Main = main };
        }

        var runtime = manifest.Resolve(kind)
            ?? throw ApiException.BadRequest($"kind '{kind}' not in [{string.Join(", ", manifest.Kinds.Select(k => k.Kind).Append(ActionExec.BlackboxKind))}]");
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

    private static List<KeyValue> ParsePairs(JsonElement element, string field, LimitsOptions limits)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + $"'{field}' must be an array of {{\"key\", \"value\"}} objects.");
        }

        var size = Encoding.UTF8.GetByteCount(element.GetRawText());
        if (size > limits.ParametersMaxBytes)
        {
            throw new ApiException(413, ApiMessages.TooLarge(field, size, limits.ParametersMaxBytes));
        }

        var pairs = new List<KeyValue>();
        foreach (var item in element.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String)
            {
                throw ApiException.BadRequest(ApiMessages.Malformed + $"every entry of '{field}' needs a string 'key'.");
            }

            var value = item.TryGetProperty("value", out var v) ? v.Clone() : JsonSerializer.SerializeToElement<object?>(null, OpenWhiskJson.Options);
            var init = item.TryGetProperty("init", out var i) && i.ValueKind == JsonValueKind.True;
            pairs.Add(new KeyValue(key.GetString()!, value, init));
        }

        return pairs;
    }

    private static ActionLimits ParseLimits(JsonElement element, ActionLimits start) => start with
    {
        TimeoutMs = Int(element, "timeout") ?? start.TimeoutMs,
        MemoryMb = Int(element, "memory") ?? start.MemoryMb,
        LogsMb = Int(element, "logs") ?? start.LogsMb,
        Concurrency = Int(element, "concurrency") ?? start.Concurrency,
    };

    private static int? Int(JsonElement element, string name)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw ApiException.BadRequest(ApiMessages.Malformed + $"limit '{name}' must be an integer.");
    }

    private static ActionLimits Defaults(LimitsOptions limits) => new()
    {
        TimeoutMs = limits.TimeoutMs.Std,
        MemoryMb = limits.MemoryMb.Std,
        LogsMb = limits.LogsMb.Std,
        Concurrency = limits.Concurrency.Std,
    };
}
