namespace OpenWhisk.Invoker.Pool;

/// <summary>The states of a container proxy (OpenWhisk's ContainerProxy FSM).</summary>
public enum ContainerProxyState
{
    /// <summary>No container yet.</summary>
    Uninitialized,

    /// <summary>A stem cell is being created.</summary>
    Starting,

    /// <summary>A stem cell is running, not yet initialized with an action.</summary>
    Started,

    /// <summary>Activations are running (or the container is being created for the first one).</summary>
    Running,

    /// <summary>Idle and unpaused, within the pause grace.</summary>
    Ready,

    /// <summary>Being paused.</summary>
    Pausing,

    /// <summary>Paused, until reused or the idle timeout removes it.</summary>
    Paused,

    /// <summary>Being removed.</summary>
    Removing,
}
