namespace OpenWhisk.Spi.Containers;

/// <summary>What happens to a container after an activation ran in it.</summary>
public enum ContainerVerdict
{
    /// <summary>Success or application error: the container stays warm.</summary>
    Keep,

    /// <summary>Developer or whisk error, or lost logs: the container is destroyed.</summary>
    Destroy,

    /// <summary>The container was unusable before the action ran: destroy it and run the activation elsewhere.</summary>
    Reschedule,
}
