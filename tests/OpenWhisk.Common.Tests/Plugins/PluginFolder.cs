namespace OpenWhisk.Common.Tests.Plugins;

/// <summary>A temporary plugins folder assembled from built plugin folders.</summary>
public sealed class PluginFolder : IDisposable
{
    public PluginFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ow-plugins-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public PluginFolder WithTestPlugin(string name) => WithCopyOf(System.IO.Path.Combine(RepositoryPaths.TestPlugins, name), name);

    public PluginFolder WithCopyOf(string source, string name)
    {
        if (!Directory.Exists(source))
        {
            throw new DirectoryNotFoundException($"Plugin build output '{source}' is missing; build the solution first.");
        }

        var target = System.IO.Path.Combine(Path, name);
        foreach (var file in Directory.GetFiles(source, "*", SearchOption.AllDirectories))
        {
            var destination = System.IO.Path.Combine(target, System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }

        return this;
    }

    public string AddFolder(string name, params (string File, byte[] Content)[] files)
    {
        var folder = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(folder);
        foreach (var (file, content) in files)
        {
            File.WriteAllBytes(System.IO.Path.Combine(folder, file), content);
        }

        return folder;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Loaded plugin assemblies may still be mapped; the temp folder is cleaned by the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
