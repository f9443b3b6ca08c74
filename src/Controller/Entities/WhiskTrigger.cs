using System.Text.Json;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Entities;

namespace OpenWhisk.Controller.Entities;

/// <summary>
/// A trigger as OpenWhisk stores and returns it: <c>{namespace, name, version, publish, parameters, limits: {},
/// annotations, rules?, updated}</c>, where <c>rules</c> maps <c>ns/rule</c> to the rule's action and status.
/// </summary>
public sealed record WhiskTrigger
{
    [JsonPropertyName("namespace")]
    public required string Namespace { get; init; }

    [JsonPropertyName("name")]
    public required string Name { get; init; }

    [JsonPropertyName("version")]
    public SemVer Version { get; init; } = SemVer.Initial;

    [JsonPropertyName("publish")]
    public bool Publish { get; init; }

    /// <summary>Gets the parameters every fire passes to the rules' actions (under the fire's payload).</summary>
    [JsonPropertyName("parameters")]
    public IReadOnlyList<KeyValue> Parameters { get; init; } = [];

    /// <summary>Gets the trigger's limits; OpenWhisk has none, so always <c>{}</c>.</summary>
    [JsonPropertyName("limits")]
    public IReadOnlyDictionary<string, JsonElement> Limits { get; init; } = new Dictionary<string, JsonElement>();

    [JsonPropertyName("annotations")]
    public IReadOnlyList<KeyValue> Annotations { get; init; } = [];

    /// <summary>Gets the rules that fire on this trigger, by <c>ns/rule</c>; null until a rule was linked.</summary>
    [JsonPropertyName("rules")]
    public IReadOnlyDictionary<string, TriggerRule>? Rules { get; init; }

    [JsonPropertyName("updated")]
    public long Updated { get; init; }

    /// <summary>Returns the trigger with the rule <paramref name="rule"/> linked (or relinked) as given.</summary>
    public WhiskTrigger WithRule(string rule, TriggerRule link)
    {
        var rules = new Dictionary<string, TriggerRule>(Rules ?? new Dictionary<string, TriggerRule>(), StringComparer.Ordinal) { [rule] = link };
        return this with { Rules = rules };
    }

    /// <summary>Returns the trigger without its link to <paramref name="rule"/>.</summary>
    public WhiskTrigger WithoutRule(string rule)
    {
        var rules = new Dictionary<string, TriggerRule>(Rules ?? new Dictionary<string, TriggerRule>(), StringComparer.Ordinal);
        rules.Remove(rule);
        return this with { Rules = rules };
    }

    /// <summary>The status of <paramref name="rule"/> on this trigger: inactive when it is not linked.</summary>
    public string StatusOf(string rule) =>
        Rules is not null && Rules.TryGetValue(rule, out var link) ? link.Status : RuleStatus.Inactive;
}
