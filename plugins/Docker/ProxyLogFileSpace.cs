using System.Globalization;

namespace OpenWhisk.Plugins.Docker;

/// <summary>
/// Keeps the disk space of a proxy's log file (<see cref="ContainerLogTransport"/>) small: nothing rotates that file,
/// so its reader frees what it has read (<see cref="FileSpace"/>), and empties the file when it holds more than
/// <see cref="MaxUnreadBytes"/> not freed yet, since nothing else bounds what an action writes during a long run.
/// </summary>
internal sealed class ProxyLogFileSpace
{
    /// <summary>How much read log the file holds at most before its space is freed.</summary>
    public const long FreeAfterBytes = 256 * 1024;

    /// <summary>
    /// The most the file may hold that was not freed yet. Beyond it the file is emptied and the lines not read yet
    /// are lost; an activation that logs this much has gone past OpenWhisk's largest log limit (10 MB) anyway.
    /// </summary>
    public const long MaxUnreadBytes = 32L * 1024 * 1024;

    /// <summary>The line that stands for the lines lost when the file went past <see cref="MaxUnreadBytes"/>.</summary>
    public static readonly string DroppedNotice = string.Create(
        CultureInfo.InvariantCulture,
        $"Log lines were dropped: the action wrote more than {MaxUnreadBytes / (1024 * 1024)} MB of log before it was read.");

    private const long Block = 4096;

    private long freedUpTo;
    private bool cannotFree;

    /// <summary>
    /// Frees the whole blocks before <paramref name="parsed"/> (the first byte not parsed yet) once they add up to
    /// <see cref="FreeAfterBytes"/>; stops trying where the file system cannot.
    /// </summary>
    public void FreeRead(FileStream file, long parsed)
    {
        var upTo = parsed / Block * Block;
        if (cannotFree || upTo - freedUpTo < FreeAfterBytes)
        {
            return;
        }

        if (FileSpace.TryFree(file.SafeFileHandle, freedUpTo, upTo - freedUpTo))
        {
            freedUpTo = upTo;
        }
        else
        {
            cannotFree = true;
        }
    }

    /// <summary>
    /// Empties the file when it holds more than <see cref="MaxUnreadBytes"/> not freed yet. The proxy appends, so it
    /// writes on at the new end; the caller forgets what it had read of a partial line.
    /// </summary>
    /// <param name="file">The file, opened for writing.</param>
    /// <param name="parsed">The first byte not parsed yet.</param>
    /// <param name="linesLost">Whether lines not read yet went with it.</param>
    /// <returns>Whether the file was emptied.</returns>
    public bool EmptyIfOverBound(FileStream file, long parsed, out bool linesLost)
    {
        var length = file.Length;
        linesLost = false;
        if (length - freedUpTo <= MaxUnreadBytes)
        {
            return false;
        }

        linesLost = length > parsed;
        file.SetLength(0);
        file.Position = 0;
        freedUpTo = 0;
        return true;
    }

    /// <summary>Starts over with a new file.</summary>
    public void Reset() => freedUpTo = 0;
}
