namespace OpenWhisk.Common.Tests;

/// <summary>Locates folders of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string TestPlugins => Path.Combine(Root, "artifacts", "test-plugins");

    public static string SamplePlugins => Path.Combine(Root, "artifacts", "sample-plugins");

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
