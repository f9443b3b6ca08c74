using System.Reflection;
using System.Runtime.Loader;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// The action's own load context: its assembly and its dependencies (its own Newtonsoft.Json among them) come from the
/// folder its zip was unpacked into, as its <c>.deps.json</c> lists them; the framework comes from the proxy's.
/// System.Text.Json is always the framework's, so that a <c>JsonNode</c> the action takes or returns is the proxy's type.
/// </summary>
internal sealed class ActionLoadContext(string mainAssemblyPath) : AssemblyLoadContext("action")
{
    private readonly string directory = Path.GetDirectoryName(mainAssemblyPath)!;
    private readonly AssemblyDependencyResolver? resolver = TryResolver(mainAssemblyPath);

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (assemblyName.Name is null || assemblyName.Name == "System.Text.Json")
        {
            return null;
        }

        var path = resolver?.ResolveAssemblyToPath(assemblyName);
        if (path is null)
        {
            // Without a deps.json (a zip packed by hand): a dll of that name beside the action's, unless the framework has it.
            var beside = Path.Combine(directory, assemblyName.Name + ".dll");
            path = File.Exists(beside) && !IsFramework(assemblyName) ? beside : null;
        }

        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
        resolver?.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;

    private static bool IsFramework(AssemblyName name)
    {
        try
        {
            Default.LoadFromAssemblyName(name);
            return true;
        }
        catch (FileNotFoundException)
        {
            return false;
        }
    }

    private static AssemblyDependencyResolver? TryResolver(string path)
    {
        try
        {
            return new AssemblyDependencyResolver(path);
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }
}
