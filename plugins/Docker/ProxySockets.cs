using Docker.DotNet.Models;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Containers;
using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// The Unix-socket transport to action proxies: per container, a directory of its own under one host directory
/// (private to this process's user), mounted into the container at <see cref="ContainerDirectory"/>, where the proxy
/// creates <see cref="SocketName"/> because <c>__OW_PROXY_SOCKET</c> names it. The container then publishes no port
/// and its proxy listens on no TCP port. Images announce that their proxy does this with the label
/// <see cref="ImageLabel"/>.
/// </summary>
internal sealed partial class ProxySockets : IDisposable
{
    /// <summary>The image label by which a runtime image announces that its proxy serves the socket.</summary>
    public const string ImageLabel = "net.openwhisk.transport.unix";

    /// <summary>The container label naming the container's socket directory on the host, for cleanup.</summary>
    public const string DirectoryLabel = "net.openwhisk.proxy-socket-directory";

    /// <summary>Where a container's socket directory appears inside it.</summary>
    public const string ContainerDirectory = "/run/openwhisk-proxy";

    /// <summary>The socket's file name.</summary>
    public const string SocketName = "proxy.sock";

    /// <summary>The image label by which a runtime image announces that its proxy writes log lines to a file.</summary>
    public const string LogFileLabel = "net.openwhisk.logs.file";

    /// <summary>The log file's name in the socket directory.</summary>
    public const string LogFileName = "log.json";

    private const string RootPrefix = "openwhisk-proxies-";

    // A container's directory: 12 lowercase hexadecimal digits.
    private const int NameLength = 12;

    // A Unix socket's path holds at most 107 bytes on Linux.
    private const int MaxSocketPathLength = 107;

    private readonly DockerOptions options;
    private readonly ILogger logger;
    private readonly bool ownsRoot;
    private readonly string? root;

    public ProxySockets(DockerOptions options, ILogger logger)
    {
        this.options = options;
        this.logger = logger;
        if (options.Transport == ContainerTransport.Tcp || options.UseContainerIp || !EngineIsLocal(options) || OperatingSystem.IsWindows())
        {
            return;
        }

        if (options.SocketDirectory is { Length: > 0 } configured)
        {
            Directory.CreateDirectory(configured);
            File.SetUnixFileMode(configured, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            root = configured;
        }
        else
        {
            // Created with mode 0700 under a name nobody can guess ahead, so no other user can plant anything in it.
            root = Directory.CreateTempSubdirectory(RootPrefix).FullName;
            ownsRoot = true;
        }

        if (System.Text.Encoding.UTF8.GetByteCount(Path.Combine(root, new string('x', NameLength), SocketName)) > MaxSocketPathLength)
        {
            LogPathTooLong(logger, root);
            if (ownsRoot)
            {
                Delete(root);
            }

            root = null;
        }
    }

    /// <summary>Gets a value indicating whether containers can be reached over a socket at all.</summary>
    public bool Available => root is not null;

    /// <summary>Returns whether the engine runs on this host (its endpoint is a Unix socket).</summary>
    public static bool EngineIsLocal(DockerOptions options) => options.Endpoint.StartsWith("unix://", StringComparison.Ordinal);

    /// <summary>Returns what <paramref name="image"/> announces its proxy can do.</summary>
    public static ProxyFeatures Announced(ImageInspectResponse image) =>
        (Labelled(image, ImageLabel) ? ProxyFeatures.Socket : ProxyFeatures.None)
        | (Labelled(image, LogFileLabel) ? ProxyFeatures.LogFile : ProxyFeatures.None);

    private static bool Labelled(ImageInspectResponse image, string label) =>
        image.Config?.Labels is { } labels && labels.TryGetValue(label, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Decides the transport of a new container: a fresh socket directory, or null for TCP; and whether its proxy
    /// writes the action's log lines to a file in that directory (<see cref="ContainerLogTransport"/>).
    /// </summary>
    /// <exception cref="ContainerStartupException">The transport must be the socket and cannot be.</exception>
    public ProxySocket? For(ContainerRequest request, ProxyFeatures image)
    {
        if (request.UserProvidedImage || options.Transport == ContainerTransport.Tcp)
        {
            return null;
        }

        if (root is null || !image.HasFlag(ProxyFeatures.Socket))
        {
            if (options.Transport == ContainerTransport.Unix)
            {
                LogSocketUnavailable(logger, request.Image);
                throw new ContainerStartupException();
            }

            return null;
        }

        var directory = Path.Combine(root, Guid.NewGuid().ToString("N")[..NameLength]);
        string? logFile = null;
        try
        {
            Directory.CreateDirectory(directory);

            // The container's user (root without any capability, or another one) creates the socket in it; the root
            // directory, private to this process's user, keeps everyone else out.
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(directory, (UnixFileMode)0b111_111_111);
            }

            if (WritesLogFile(request, image))
            {
                // Made here, empty and writable by the container's user: the proxy only appends to it, and the
                // directory is locked before any of the action's code arrives.
                logFile = Path.Combine(directory, LogFileName);
                File.WriteAllBytes(logFile, []);
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(logFile, (UnixFileMode)0b110_110_110);
                }
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            LogDirectoryFailed(logger, directory, exception);
            throw new ContainerStartupException(ActivationMessages.ResourceError, exception);
        }

        return new ProxySocket(directory, Path.Combine(directory, SocketName), logFile);
    }

    /// <summary>
    /// Whether the container's proxy should write the action's log lines to a file: the image announces it, the lines
    /// are read for activations from the engine's json-file log (so nothing outside the platform expects them in the
    /// engine), and this process would read that file directly (so the lines are read the same way).
    /// </summary>
    private bool WritesLogFile(ContainerRequest request, ProxyFeatures image) =>
        options.LogTransport == ContainerLogTransport.Auto
        && options.LogSource == DockerLogSource.Auto
        && image.HasFlag(ProxyFeatures.LogFile)
        && request.LogsCollected
        && request.Logging is null or { Driver: "json-file" };

    /// <summary>
    /// Sets the cleanup label of every container, empty for one reached over TCP: a container takes its image's labels,
    /// and an image must not name a directory for the cleanup to remove.
    /// </summary>
    public static void Label(CreateContainerParameters parameters, ProxySocket? socket) =>
        parameters.Labels[DirectoryLabel] = socket?.HostDirectory ?? string.Empty;

    /// <summary>Adds the mount, the environment variable and the cleanup label of <paramref name="socket"/>.</summary>
    public static void Apply(CreateContainerParameters parameters, ProxySocket socket)
    {
        parameters.HostConfig.Binds = [.. parameters.HostConfig.Binds ?? [], socket.HostDirectory + ":" + ContainerDirectory];
        parameters.Env = [.. parameters.Env ?? [], "__OW_PROXY_SOCKET=" + ContainerDirectory + "/" + SocketName];
        if (socket.LogFile is not null)
        {
            parameters.Env = [.. parameters.Env, "__OW_LOG_FILE=" + ContainerDirectory + "/" + LogFileName];
        }
        parameters.Labels[DirectoryLabel] = socket.HostDirectory;
    }

    /// <summary>
    /// Removes the socket directory a removed container's label names, when it is one of these (in a directory made
    /// by a factory like this one, perhaps of a process that was killed), and that directory once it is empty.
    /// </summary>
    public void RemoveLeftover(ContainerListResponse container)
    {
        if (!container.Labels.TryGetValue(DirectoryLabel, out var directory) || !IsSocketDirectory(directory, out var parent))
        {
            return;
        }

        var ours = string.Equals(parent, root, StringComparison.Ordinal)
            || (Path.GetFileName(parent).StartsWith(RootPrefix, StringComparison.Ordinal)
                && string.Equals(Path.GetDirectoryName(parent), Path.GetTempPath().TrimEnd(Path.DirectorySeparatorChar), StringComparison.Ordinal));
        if (!ours || new DirectoryInfo(directory).LinkTarget is not null)
        {
            return;
        }

        Delete(directory);
        if (!string.Equals(parent, root, StringComparison.Ordinal))
        {
            try
            {
                Directory.Delete(parent);
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                // Another container of that process is still there, or another user's process made it.
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="directory"/> has the shape of a container's socket directory: an absolute path, no
    /// <c>.</c> or <c>..</c> in it, ending in 12 lowercase hexadecimal digits.
    /// </summary>
    private static bool IsSocketDirectory(string directory, out string parent)
    {
        parent = string.Empty;
        var name = Path.GetFileName(directory);
        if (!Path.IsPathFullyQualified(directory)
            || !string.Equals(Path.GetFullPath(directory), directory, StringComparison.Ordinal)
            || name.Length != NameLength
            || !name.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c))
            || Path.GetDirectoryName(directory) is not { } found)
        {
            return false;
        }

        parent = found;
        return true;
    }

    /// <summary>Removes one container's socket directory.</summary>
    public static void Delete(string directory)
    {
        try
        {
            if (!OperatingSystem.IsWindows() && Directory.Exists(directory))
            {
                // Locked read-only once its proxy listened: its owner (or root) opens it again to empty it.
                File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            }

            Directory.Delete(directory, recursive: true);
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // Gone already, or the container's user left something this process may not remove.
        }
    }

    /// <summary>Removes the directory this factory made.</summary>
    public void Dispose()
    {
        if (ownsRoot && root is not null)
        {
            Delete(root);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The socket directory {Directory} of a new container could not be made")]
    private static partial void LogDirectoryFailed(ILogger logger, string directory, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Socket directory {Root} is too long for a Unix socket path; containers are reached over TCP")]
    private static partial void LogPathTooLong(ILogger logger, string root);

    [LoggerMessage(Level = LogLevel.Error, Message = "Docker:Transport is Unix but image {Image} does not announce a proxy socket (label net.openwhisk.transport.unix); rebuild it with runtimes/build-images.sh")]
    private static partial void LogSocketUnavailable(ILogger logger, string image);
}
