using System.Text.Json.Serialization;

namespace OpenWhisk.Controller.Entities;

/// <summary>A trigger's link to one of its rules: the action the rule invokes and the rule's status.</summary>
/// <param name="Action">The action.</param>
/// <param name="Status"><see cref="RuleStatus.Active"/> or <see cref="RuleStatus.Inactive"/>.</param>
public sealed record TriggerRule(
    [property: JsonPropertyName("action")] EntityReference Action,
    [property: JsonPropertyName("status")] string Status);
