namespace OpenWhisk.Plugins.Sqlite;

/// <summary>
/// The folders beside the database (the journal's notes, the record log): they name every namespace's actions and
/// hold their results, so only their owner may open them, as the database file itself.
/// </summary>
internal static class PrivateFolder
{
    /// <summary>The mode of the files in them.</summary>
    public const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    private const UnixFileMode OwnerOnly = OwnerOnlyFile | UnixFileMode.UserExecute;

    /// <summary>Creates the folder with mode 0700, or narrows an existing one to it.</summary>
    /// <param name="directory">The folder.</param>
    public static void Ensure(string directory)
    {
        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(directory);
        }
        else if (!Directory.Exists(directory))
        {
            Directory.CreateDirectory(directory, OwnerOnly);
        }
        else if (File.GetUnixFileMode(directory) != OwnerOnly)
        {
            File.SetUnixFileMode(directory, OwnerOnly);
        }
    }
}
