using System.Runtime.InteropServices;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Takes a container's socket directory away from the container once its proxy listens, before any of the action's
/// code arrives (that comes with <c>/init</c>): the directory becomes read-only to the container, owned by
/// <c>nobody</c> when this process runs as root, so the action can neither fill the host's disk through it nor
/// replace the socket. Until then the directory is writable by anyone, since the container's user makes the socket.
/// </summary>
internal static partial class SocketDirectoryLock
{
    private const int Nobody = 65534;
    private const UnixFileMode ReadOnly =
        UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute;

    /// <summary>
    /// Waits until the proxy's socket exists (at most <paramref name="timeout"/>), then locks its directory.
    /// </summary>
    /// <returns>Null when locked (or the socket never came: the call that follows reports that); else why the socket cannot be trusted.</returns>
    public static async Task<string?> LockWhenListeningAsync(
        string directory, string socketPath, TimeSpan timeout, TimeSpan interval, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var deadline = timeProvider.GetTimestamp() + (long)(timeout.TotalSeconds * timeProvider.TimestampFrequency);
        while (!File.Exists(socketPath) && timeProvider.GetTimestamp() < deadline)
        {
            await Task.Delay(interval, timeProvider, cancellationToken);
        }

        if (!File.Exists(socketPath) || OperatingSystem.IsWindows())
        {
            return null;
        }

        if (new FileInfo(socketPath).LinkTarget is not null)
        {
            return "the proxy's socket is a symbolic link";
        }

        if (NativeMethods.geteuid() == 0)
        {
            _ = NativeMethods.chown(directory, Nobody, Nobody);
        }

        File.SetUnixFileMode(directory, ReadOnly);
        return null;
    }

    private static partial class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern uint geteuid();

        [DllImport("libc", SetLastError = true)]
        public static extern int chown([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int owner, int group);
    }
}
