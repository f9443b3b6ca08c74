using System.Text.Json;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>
/// The JSON library an action's method speaks: OpenWhisk's own .NET signature takes and returns Newtonsoft.Json's
/// <c>JObject</c> (the action's own copy of Newtonsoft.Json, found by reflection), the other System.Text.Json's
/// <c>JsonObject</c>. Turns the run's <c>value</c> into the method's argument and its result into JSON text.
/// </summary>
internal abstract class ActionJson
{
    /// <summary>Gets the JSON type that results must be (JToken or JsonNode).</summary>
    public abstract Type ResultType { get; }

    /// <summary>The library of a method's parameter type; null when it is neither.</summary>
    public static ActionJson? For(Type parameter) =>
        (ActionJson?)NewtonsoftActionJson.TryCreate(parameter) ?? JsonNodeActionJson.TryCreate(parameter);

    /// <summary>The argument: an object or an array when the parameter takes it, else null (as OpenWhisk's runtime passes).</summary>
    public abstract object? Argument(JsonElement value, Type parameter);

    /// <summary>The result as UTF-8 JSON text.</summary>
    /// <exception cref="ActionRunException">The result is null, or not a JSON object or array.</exception>
    public abstract byte[] Result(object? result);
}
