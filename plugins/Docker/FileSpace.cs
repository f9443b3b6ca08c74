using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Gives a file's disk space back without changing its size or the offsets of what follows: Linux's
/// <c>fallocate(FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE)</c>, which ext4, XFS, Btrfs and tmpfs support. A writer
/// appending to the file meanwhile is not disturbed; the range reads as zeros afterwards.
/// </summary>
internal static partial class FileSpace
{
    private const int KeepSize = 0x01;
    private const int PunchHole = 0x02;

    /// <summary>Frees the disk space of <paramref name="length"/> bytes from <paramref name="offset"/>.</summary>
    /// <param name="file">The file, opened for writing.</param>
    /// <param name="offset">Where the range starts.</param>
    /// <param name="length">How long it is.</param>
    /// <returns>False when the platform or the file system cannot do it.</returns>
    public static bool TryFree(SafeFileHandle file, long offset, long length)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var added = false;
        try
        {
            file.DangerousAddRef(ref added);
            return NativeMethods.fallocate((int)file.DangerousGetHandle(), KeepSize | PunchHole, offset, length) == 0;
        }
        finally
        {
            if (added)
            {
                file.DangerousRelease();
            }
        }
    }

    private static partial class NativeMethods
    {
        [DllImport("libc", SetLastError = true)]
        public static extern int fallocate(int fd, int mode, long offset, long len);
    }
}
