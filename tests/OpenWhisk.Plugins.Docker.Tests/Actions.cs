using System.IO.Compression;
using System.Text;

namespace OpenWhisk.Plugins.Docker.Tests;

/// <summary>Action code for the tests. The Node.js "simulate" action behaves like the simulated factory's containers.</summary>
internal static class Actions
{
    /// <summary>Interprets the same <c>simulate</c> parameter as the simulated container factory.</summary>
    public const string SimulateJs = OpenWhisk.TestKit.Containers.SimulateAction.NodeJs;

    public const string PythonHello = """
        import os, sys

        def main(args):
            print("python says", args.get("name"))
            if args.get("exit"):
                sys.exit(4)
            return {"greeting": "hello " + args.get("name", "stranger"), "namespace": os.environ.get("__OW_NAMESPACE")}
        """;

    /// <summary>A zip with package.json naming lib/entry.js, whose <c>main</c> uses a helper module.</summary>
    public static string NodeZipBase64() => Zip(
        ("package.json", """{"name": "zipped", "main": "lib/entry.js"}"""),
        ("lib/entry.js", "const helper = require('./helper'); exports.main = params => ({ shout: helper.shout(params.word) });"),
        ("lib/helper.js", "exports.shout = word => String(word).toUpperCase() + '!';"));

    /// <summary>A zip with __main__.py importing a helper module.</summary>
    public static string PythonZipBase64() => Zip(
        ("__main__.py", "from helper import double\n\ndef main(args):\n    return {\"double\": double(args.get(\"n\", 0))}\n"),
        ("helper.py", "def double(n):\n    return 2 * n\n"));

    private static string Zip(params (string Name, string Content)[] files)
    {
        using var stream = new MemoryStream();
        using (var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in files)
            {
                using var writer = new StreamWriter(archive.CreateEntry(name).Open(), Encoding.UTF8);
                writer.Write(content);
            }
        }

        return Convert.ToBase64String(stream.ToArray());
    }
}
