namespace OpenWhisk.Invoker.Tests.Support;

/// <summary>Locates folders of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Plugins => Path.Combine(Root, "artifacts", "plugins");

    public static string RuntimesManifest => Path.Combine(Root, "config", "runtimes.json");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "OpenWhisk.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("OpenWhisk.sln not found above " + AppContext.BaseDirectory);
    }
}
