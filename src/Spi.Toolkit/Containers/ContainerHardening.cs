using System.Globalization;
using OpenWhisk.Spi.Containers;

namespace OpenWhisk.Spi.Toolkit.Containers;

/// <summary>What container factories share about hardening action containers beyond their resource limits.</summary>
public static class ContainerHardening
{
    /// <summary>The kind of blackbox actions, whose images may write anywhere (the Docker skeleton writes its binary to <c>/action</c>).</summary>
    public const string BlackboxKind = "blackbox";

    /// <summary>The writable directory of a container with a read-only root filesystem.</summary>
    public const string TemporaryDirectory = "/tmp";

    /// <summary>
    /// Returns whether the container may have a read-only root filesystem: images of the runtimes manifest, whose
    /// action proxies write only to <see cref="TemporaryDirectory"/>; never a user's image or a blackbox kind.
    /// </summary>
    /// <param name="request">The container request.</param>
    /// <returns>Whether the root filesystem may be read-only.</returns>
    public static bool AllowsReadOnlyRoot(ContainerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return !request.UserProvidedImage && !string.Equals(request.Kind, BlackboxKind, StringComparison.Ordinal);
    }

    /// <summary>
    /// Returns the mount options of <see cref="TemporaryDirectory"/> in memory: writable by anyone with the sticky bit,
    /// no devices or set-user-id files, executable (native modules of zipped actions load from it), at most the
    /// action's memory (what it holds counts against the container's memory limit anyway).
    /// </summary>
    /// <param name="memoryMb">The action's memory in megabytes.</param>
    /// <returns>The options, as <c>docker run --tmpfs</c> takes them.</returns>
    public static string TmpfsOptions(int memoryMb) =>
        string.Create(CultureInfo.InvariantCulture, $"rw,exec,nosuid,nodev,size={Math.Max(1, memoryMb)}m,mode=1777");
}
