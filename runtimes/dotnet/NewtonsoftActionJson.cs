using System.Reflection;
using System.Text;
using System.Text.Json;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>Newtonsoft.Json, the action's own copy, reached by reflection (the proxy ships none).</summary>
internal sealed class NewtonsoftActionJson : ActionJson
{
    private readonly Type container;
    private readonly MethodInfo parse;
    private readonly MethodInfo toText;
    private readonly object[] compact;

    private NewtonsoftActionJson(Assembly newtonsoft)
    {
        ResultType = newtonsoft.GetType("Newtonsoft.Json.Linq.JToken", throwOnError: true)!;
        container = newtonsoft.GetType("Newtonsoft.Json.Linq.JContainer", throwOnError: true)!;
        parse = ResultType.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static, [typeof(string)])
            ?? throw new ActionLoadException("This Newtonsoft.Json has no JToken.Parse(string).");
        var formatting = newtonsoft.GetType("Newtonsoft.Json.Formatting", throwOnError: true)!;
        var converters = newtonsoft.GetType("Newtonsoft.Json.JsonConverter", throwOnError: true)!.MakeArrayType();
        toText = ResultType.GetMethod("ToString", [formatting, converters])
            ?? throw new ActionLoadException("This Newtonsoft.Json has no JToken.ToString(Formatting, JsonConverter[]).");
        compact = [Enum.ToObject(formatting, 0), Array.CreateInstance(converters.GetElementType()!, 0)];
    }

    public override Type ResultType { get; }

    public static NewtonsoftActionJson? TryCreate(Type parameter) =>
        parameter.Namespace == "Newtonsoft.Json.Linq" && parameter.Assembly.GetName().Name == "Newtonsoft.Json"
            ? new NewtonsoftActionJson(parameter.Assembly)
            : null;

    public override object? Argument(JsonElement value, Type parameter)
    {
        if (value.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return null;
        }

        var token = parse.Invoke(null, BindingFlags.DoNotWrapExceptions, null, [value.GetRawText()], null);
        return parameter.IsInstanceOfType(token) ? token : null;
    }

    public override byte[] Result(object? result) =>
        result is null ? throw new ActionRunException("The action returned null")
        : !container.IsInstanceOfType(result) ? throw new ActionRunException("The action did not return a dictionary.")
        : Encoding.UTF8.GetBytes((string)toText.Invoke(result, BindingFlags.DoNotWrapExceptions, null, compact, null)!);
}
