using System.Text.Json;
using OpenWhisk.Common.Runtimes;
using OpenWhisk.Controller.Api;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// Turns the body of <c>PUT .../actions/[pkg/]{name}</c> into an action as OpenWhisk does: a new one, or an update
/// of an existing one where absent fields keep their values, annotations merge and the version's patch number goes
/// up. A sequence keeps its components also as the parameter <c>_actions</c>.
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
        long now,
        string? callerNamespace = null)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(limits);
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw ApiException.BadRequest(ApiMessages.Malformed + "The action must be a JSON object.");
        }

        var caller = callerNamespace ?? new QualifiedName(namespacePath, name).Namespace;
        ActionExec? given = body.TryGetProperty("exec", out var execElement) && execElement.ValueKind != JsonValueKind.Null
            ? ActionExecParser.Parse(execElement, manifest, limits, caller)
            : null;
        var exec = given ?? existing?.Exec ?? throw ApiException.BadRequest(ApiMessages.ExecUndefined);
        if (given is null && !exec.IsSequence && !exec.IsBlackbox && manifest.Resolve(exec.Kind) is { Deprecated: true })
        {
            throw ApiException.BadRequest($"Runtime '{exec.Kind}' is deprecated and can no longer be used for new actions.");
        }

        var annotations = Annotations(body, existing, limits);
        annotations = annotations.With(KeyValue.Of("exec", exec.Kind));
        if (existing is null && annotations.Find("provide-api-key") is null)
        {
            annotations = annotations.With(KeyValue.Of("provide-api-key", false));
        }

        var actionLimits = body.TryGetProperty("limits", out var l) && l.ValueKind == JsonValueKind.Object
            ? ParseLimits(l, existing is null ? Defaults(limits) : existing.Limits)
            : existing?.Limits ?? Defaults(limits);

        return new WhiskAction
        {
            Namespace = namespacePath,
            Name = name,
            Version = EntityFields.Version(body, existing?.Version),
            Publish = EntityFields.Publish(body, existing?.Publish ?? false),
            Exec = exec,
            Parameters = Parameters(body, given, existing, limits),
            Limits = LimitValidation.Validate(actionLimits, limits),
            Annotations = annotations,
            Updated = now,
        };
    }

    /// <summary>
    /// A sequence's parameters are always <c>_actions</c>; otherwise the given ones, or on update the old ones
    /// unless the action was a sequence (its <c>_actions</c> must not leak into a plain action).
    /// </summary>
    private static IReadOnlyList<KeyValue> Parameters(JsonElement body, ActionExec? given, WhiskAction? existing, LimitsOptions limits)
    {
        var components = given?.Components ?? (given is null ? existing?.Exec.Components : null);
        if (components is not null)
        {
            return [KeyValue.Of("_actions", components)];
        }

        if (body.TryGetProperty("parameters", out var p))
        {
            return EntityFields.ParsePairs(p, "parameters", limits);
        }

        return existing is null || existing.Exec.IsSequence ? [] : existing.Parameters;
    }

    /// <summary>On update, annotations named in <c>delAnnotations</c> go, then the given ones are merged over the rest.</summary>
    private static IReadOnlyList<KeyValue> Annotations(JsonElement body, WhiskAction? existing, LimitsOptions limits)
    {
        IReadOnlyList<KeyValue> kept = existing?.Annotations ?? [];
        if (body.TryGetProperty("delAnnotations", out var remove) && remove.ValueKind != JsonValueKind.Null)
        {
            // OpenWhisk reads it as a list of strings: anything else is a malformed request, not something to skip.
            if (remove.ValueKind != JsonValueKind.Array || remove.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
            {
                throw ApiException.BadRequest(ApiMessages.Malformed + "'delAnnotations' must be a list of annotation names.");
            }

            var removed = remove.EnumerateArray().Select(e => e.GetString()).ToHashSet(StringComparer.Ordinal);
            kept = kept.Where(kv => !removed.Contains(kv.Key)).ToList();
        }

        var given = body.TryGetProperty("annotations", out var a) ? EntityFields.ParsePairs(a, "annotations", limits) : [];
        return EntityFields.Merge(kept, given);
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
