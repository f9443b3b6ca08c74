namespace OpenWhisk.Plugins.Docker;

/// <summary>The labels OpenWhisk.NET puts on its containers.</summary>
internal static class DockerLabels
{
    /// <summary>The owner prefix (for example <c>wsk0</c>): cleanup removes exactly the containers with this owner.</summary>
    public const string Owner = "net.openwhisk.owner";

    /// <summary>Marks containers created by the platform.</summary>
    public const string Managed = "net.openwhisk.managed";
}
