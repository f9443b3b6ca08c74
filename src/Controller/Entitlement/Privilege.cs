namespace OpenWhisk.Controller.Entitlement;

/// <summary>The rights an API call asks for: GET reads, PUT writes, DELETE deletes, POST activates.</summary>
public enum Privilege
{
    /// <summary>Read an entity or list a collection.</summary>
    Read,

    /// <summary>Create or update an entity.</summary>
    Put,

    /// <summary>Delete an entity.</summary>
    Delete,

    /// <summary>Invoke an action or fire a trigger.</summary>
    Activate,
}
