namespace OpenWhisk.Common.Plugins.Packages;

/// <summary>
/// An exclusive lock on a plugins folder (the file <c>.plugins.lock</c> in it, held open without sharing), so that
/// two <c>plugins add</c> or <c>remove</c> commands, or hosts installing <c>Plugins:Packages</c> from one shared
/// volume, change the folder one at a time. Taking it also clears staging folders a killed installer left behind.
/// </summary>
internal sealed class PluginFolderLock : IDisposable
{
    private readonly FileStream file;

    private PluginFolderLock(FileStream file) => this.file = file;

    /// <summary>Takes the lock, waiting up to <paramref name="timeout"/> for another holder to release it.</summary>
    /// <param name="pluginsPath">The plugins folder (created if missing).</param>
    /// <param name="timeout">How long to wait.</param>
    /// <param name="timeProvider">The clock the wait is measured and paced on.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The lock; dispose it to release.</returns>
    /// <exception cref="PluginPackageException">The folder cannot be written, or the lock was not released in time.</exception>
    public static async Task<PluginFolderLock> TakeAsync(string pluginsPath, TimeSpan timeout, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var path = Path.Combine(pluginsPath, ".plugins.lock");
        var started = timeProvider.GetTimestamp();
        while (true)
        {
            try
            {
                Directory.CreateDirectory(pluginsPath);
                var held = new PluginFolderLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
                RemoveLeftovers(pluginsPath);
                return held;
            }
            catch (UnauthorizedAccessException exception)
            {
                throw new PluginPackageException($"The plugins folder {pluginsPath} cannot be written: {exception.Message}", exception);
            }
            catch (IOException exception)
            {
                // The lock file offers no wait of its own (an advisory lock taken without blocking): try again shortly.
                if (timeProvider.GetElapsedTime(started) >= timeout)
                {
                    throw new PluginPackageException($"The plugins folder {pluginsPath} is locked by another installation ({path}): {exception.Message}", exception);
                }
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), timeProvider, cancellationToken);
        }
    }

    /// <inheritdoc />
    public void Dispose() => file.Dispose();

    private static void RemoveLeftovers(string pluginsPath)
    {
        foreach (var folder in Directory.GetDirectories(pluginsPath, ".staging-*").Concat(Directory.GetDirectories(pluginsPath, ".removed-*")))
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // Left for the next installation.
            }
        }
    }
}
