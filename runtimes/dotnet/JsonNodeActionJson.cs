using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>System.Text.Json's mutable DOM: <see cref="JsonObject"/> (or <see cref="JsonNode"/>, <see cref="JsonArray"/>).</summary>
internal sealed class JsonNodeActionJson : ActionJson
{
    private static readonly JsonNodeActionJson Instance = new();

    public override Type ResultType => typeof(JsonNode);

    public static JsonNodeActionJson? TryCreate(Type parameter) => typeof(JsonNode).IsAssignableFrom(parameter) ? Instance : null;

    public override object? Argument(JsonElement value, Type parameter)
    {
        JsonNode? node = value.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(value.Clone()),
            JsonValueKind.Array => JsonArray.Create(value.Clone()),
            _ => null,
        };
        return parameter.IsInstanceOfType(node) ? node : null;
    }

    public override byte[] Result(object? result) => result switch
    {
        null => throw new ActionRunException("The action returned null"),
        JsonObject or JsonArray => JsonSerializer.SerializeToUtf8Bytes((JsonNode)result, JsonNodeContext.Default.JsonNode),
        _ => throw new ActionRunException("The action did not return a dictionary."),
    };
}
