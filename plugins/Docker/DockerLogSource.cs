namespace OpenWhisk.Plugins.Docker;

/// <summary>Where the Docker factory reads activation logs from (<c>Docker:LogSource</c>).</summary>
public enum DockerLogSource
{
    /// <summary>The engine's json-file log when readable, the Engine API otherwise.</summary>
    Auto,

    /// <summary>Always the Engine API's log stream.</summary>
    Api,
}
