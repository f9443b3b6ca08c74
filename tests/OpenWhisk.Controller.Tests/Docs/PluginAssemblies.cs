using System.Reflection;
using System.Runtime.Loader;

namespace OpenWhisk.Controller.Tests.Docs;

/// <summary>Loads a plugin from the built controller's <c>plugins/&lt;Name&gt;/</c> folder, as the host does.</summary>
internal static class PluginAssemblies
{
    private static readonly Dictionary<string, Assembly> Loaded = new(StringComparer.Ordinal);

    public static Type Type(string plugin, string fullName)
    {
        lock (Loaded)
        {
            if (!Loaded.TryGetValue(plugin, out var assembly))
            {
                var path = Path.Combine(Path.GetDirectoryName(ServiceProcess.AssemblyPath("Controller"))!, "plugins", plugin, $"OpenWhisk.Plugins.{plugin}.dll");
                assembly = new PluginContext(path).LoadFromAssemblyPath(path);
                Loaded[plugin] = assembly;
            }

            return assembly.GetType(fullName, throwOnError: true)!;
        }
    }

    private sealed class PluginContext(string path) : AssemblyLoadContext("docs-" + Path.GetFileNameWithoutExtension(path))
    {
        private readonly AssemblyDependencyResolver resolver = new(path);

        protected override Assembly? Load(AssemblyName assemblyName)
        {
            // The SPI and the framework are shared, as the host shares them; the plugin's own assemblies come from
            // its folder even when the test happens to hold a copy.
            var name = assemblyName.Name ?? string.Empty;
            if (name == "OpenWhisk.Spi" || name.StartsWith("Microsoft.", StringComparison.Ordinal) || name.StartsWith("System.", StringComparison.Ordinal))
            {
                return null;
            }

            return resolver.ResolveAssemblyToPath(assemblyName) is { } found ? LoadFromAssemblyPath(found) : null;
        }
    }
}
