namespace OpenWhisk.Bench.PlatformBench;

/// <summary>Where the repository is: the folder above the benchmark that holds <c>OpenWhisk.sln</c>.</summary>
internal static class Repository
{
    public static string Root { get; } = Find();

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "OpenWhisk.sln")))
            {
                return directory.FullName;
            }
        }

        throw new DirectoryNotFoundException("OpenWhisk.sln not found above " + AppContext.BaseDirectory);
    }
}
