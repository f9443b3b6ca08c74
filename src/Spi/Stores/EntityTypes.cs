namespace OpenWhisk.Spi.Stores;

/// <summary>The entity types kept in the artifact store.</summary>
public static class EntityTypes
{
    /// <summary>An action.</summary>
    public const string Action = "action";

    /// <summary>A package.</summary>
    public const string Package = "package";

    /// <summary>A trigger.</summary>
    public const string Trigger = "trigger";

    /// <summary>A rule.</summary>
    public const string Rule = "rule";
}
