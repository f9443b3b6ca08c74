using System.IO.Compression;

namespace OpenWhisk.TestSupport;

/// <summary>
/// Compiles a Java action as its author would for OpenWhisk's <c>java</c> kinds: <c>javac</c> against Gson (the
/// Debian package's jar, as the image carries it), the classes packed into a jar, sent as base64. Each source is
/// built once per test run.
/// </summary>
public static class JavaActionBuilder
{
    /// <summary>The Gson jar actions compile against.</summary>
    public const string GsonJar = "/usr/share/java/gson.jar";

    private static readonly BuildOnce Built = new();

    /// <summary>The base64 jar of <paramref name="source"/>, the whole of <paramref name="path"/> (for example <c>acme/Hello.java</c>).</summary>
    public static Task<string> BuildAsync(string path, string source) =>
        Built.GetAsync(path + "\n" + source, () => CompileAsync(path, source));

    private static async Task<string> CompileAsync(string path, string source)
    {
        var project = Directory.CreateTempSubdirectory("ow-java-action-").FullName;
        try
        {
            var file = Path.Combine(project, "src", path);
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllTextAsync(file, source);
            var classes = Path.Combine(project, "classes");
            var (exitCode, log) = await ExternalCommand.RunAsync(
                "javac", ["--release", "17", "-cp", GsonJar, "-d", classes, file], new Dictionary<string, string>(), project, TimeSpan.FromMinutes(2));
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"javac of {path} failed ({exitCode}): {log}");
            }

            using var jar = new MemoryStream();
            ZipFile.CreateFromDirectory(classes, jar);
            return Convert.ToBase64String(jar.ToArray());
        }
        finally
        {
            Directory.Delete(project, recursive: true);
        }
    }
}
