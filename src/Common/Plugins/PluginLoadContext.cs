using System.Reflection;
using System.Runtime.Loader;

namespace OpenWhisk.Common.Plugins;

/// <summary>
/// The load context of one plugin folder. The SPI and the <c>Microsoft.Extensions.*</c> assemblies come from
/// the host, so that plugin types cast to the host's contracts; everything else comes from the plugin's own
/// folder as its <c>.deps.json</c> describes it, so a plugin may bring versions that differ from the host's.
/// </summary>
internal sealed class PluginLoadContext(string mainAssemblyPath) : AssemblyLoadContext(
    name: "plugin:" + Path.GetFileNameWithoutExtension(mainAssemblyPath),
    isCollectible: false)
{
    private readonly AssemblyDependencyResolver resolver = new(mainAssemblyPath);

    public static bool IsSharedWithHost(AssemblyName name)
    {
        var simpleName = name.Name ?? string.Empty;
        return simpleName == "OpenWhisk.Spi"
            || simpleName.StartsWith("Microsoft.Extensions.", StringComparison.Ordinal);
    }

    protected override Assembly? Load(AssemblyName assemblyName)
    {
        if (IsSharedWithHost(assemblyName))
        {
            var shared = TryLoadFromHost(assemblyName);
            if (shared is not null)
            {
                return shared;
            }
        }

        var path = resolver.ResolveAssemblyToPath(assemblyName);
        return path is null ? null : LoadFromAssemblyPath(path);
    }

    protected override IntPtr LoadUnmanagedDll(string unmanagedDllName)
    {
        var path = resolver.ResolveUnmanagedDllToPath(unmanagedDllName);
        return path is null ? IntPtr.Zero : LoadUnmanagedDllFromPath(path);
    }

    private static Assembly? TryLoadFromHost(AssemblyName assemblyName)
    {
        var loaded = Default.Assemblies.FirstOrDefault(a =>
            string.Equals(a.GetName().Name, assemblyName.Name, StringComparison.Ordinal));
        if (loaded is not null)
        {
            return loaded;
        }

        try
        {
            return Default.LoadFromAssemblyName(new AssemblyName(assemblyName.Name!));
        }
        catch (FileNotFoundException)
        {
            return null;
        }
        catch (FileLoadException)
        {
            return null;
        }
    }
}
