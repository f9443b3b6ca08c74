namespace OpenWhisk.Controller.Entities;

/// <summary>The states of a rule: kept on the trigger's link to the rule, not on the rule itself.</summary>
public static class RuleStatus
{
    public const string Active = "active";

    public const string Inactive = "inactive";
}
