using System.IO.Compression;

namespace OpenWhisk.Controller.Tests.Support;

/// <summary>Zip archives of action code, as clients upload them.</summary>
internal static class Zips
{
    public static byte[] Of(params (string Name, string Content)[] files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open());
                writer.Write(content);
            }
        }

        return stream.ToArray();
    }
}
