using System.IO.Compression;
using System.Reflection;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// Loads an action as OpenWhisk's .NET runtime does: <c>code</c> is the base64 of a zip of <c>dotnet publish</c>'s
/// output, <c>main</c> is <c>Assembly::Namespace.Type::Method</c>; the zip is unpacked into a folder of its own, which
/// becomes the current directory, and the assembly is loaded into a load context of its own. Every check is made
/// here, at init, so that a wrong signature is an init error rather than a failure of every run.
/// </summary>
internal sealed class ActionLoader
{
    /// <summary>Loads the action.</summary>
    /// <exception cref="ActionLoadException">The code or main does not name a method the proxy can call.</exception>
    public LoadedAction Load(string code, string main)
    {
        var parts = main.Split("::");
        if (parts.Length != 3 || parts.Any(string.IsNullOrWhiteSpace))
        {
            throw new ActionLoadException("main required format is \"Assembly::Type::Function\".");
        }

        var (assemblyName, typeName, methodName) = (parts[0], parts[1], parts[2]);
        var directory = Unpack(code);
        Environment.CurrentDirectory = directory;
        var path = Path.Combine(directory, assemblyName + ".dll");
        if (!File.Exists(path))
        {
            throw new ActionLoadException($"Unable to locate requested assembly (\"{assemblyName}.dll\").");
        }

        Assembly assembly;
        try
        {
            assembly = new ActionLoadContext(path).LoadFromAssemblyPath(path);
        }
        catch (BadImageFormatException)
        {
            throw new ActionLoadException($"\"{assemblyName}.dll\" is not a .NET assembly.");
        }

        var type = assembly.GetType(typeName) ?? throw new ActionLoadException($"Unable to locate requested type (\"{typeName}\").");
        var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static).Where(m => m.Name == methodName).ToList();
        if (methods.Count == 0)
        {
            throw new ActionLoadException($"Unable to locate requested method (\"{methodName}\").");
        }

        if (methods.Count > 1)
        {
            throw new ActionLoadException($"Ambiguous match found for method (\"{methodName}\"): it has {methods.Count} overloads.");
        }

        var method = methods[0];
        ConstructorInfo? constructor = null;
        if (!method.IsStatic)
        {
            constructor = type.IsAbstract ? null : type.GetConstructor(Type.EmptyTypes);
            if (constructor is null)
            {
                throw new ActionLoadException($"Unable to locate appropriate constructor for (\"{typeName}\").");
            }
        }

        var parameters = method.GetParameters();
        if (parameters.Length != 1 || ActionJson.For(parameters[0].ParameterType) is not { } json)
        {
            throw new ActionLoadException(
                $"Method (\"{methodName}\") must take one JObject (Newtonsoft.Json) or JsonObject (System.Text.Json) parameter.");
        }

        var result = LoadedAction.ResultTypeOf(method.ReturnType);
        if (!json.ResultType.IsAssignableFrom(result) && !result.IsAssignableFrom(json.ResultType))
        {
            throw new ActionLoadException(
                $"Method (\"{methodName}\") must return {json.ResultType.Name} (or a subclass), or a Task or ValueTask of it; it returns {method.ReturnType.Name}.");
        }

        return new LoadedAction(method, constructor, json, parameters[0].ParameterType);
    }

    private static string Unpack(string code)
    {
        var directory = Path.Combine(Path.GetTempPath(), "action-" + Guid.NewGuid().ToString("N"));
        try
        {
            using var zip = new MemoryStream(Convert.FromBase64String(code));
            ZipFile.ExtractToDirectory(zip, directory);
            return directory;
        }
        catch (Exception exception) when (exception is FormatException or InvalidDataException or IOException)
        {
            throw new ActionLoadException("Unable to decompress package.");
        }
    }
}
