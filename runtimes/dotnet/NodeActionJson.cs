using System.Text.Json;
using System.Text.Json.Nodes;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>System.Text.Json's mutable DOM: <see cref="JsonObject"/> (or <see cref="JsonNode"/>, <see cref="JsonArray"/>).</summary>
internal sealed class NodeActionJson : ActionJson
{
    private static readonly NodeActionJson Instance = new();

    public override Type Token => typeof(JsonNode);

    public static NodeActionJson? TryCreate(Type parameter) => typeof(JsonNode).IsAssignableFrom(parameter) ? Instance : null;

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
        JsonObject or JsonArray => JsonSerializer.SerializeToUtf8Bytes((JsonNode)result, NodeJsonContext.Default.JsonNode),
        _ => throw new ActionRunException("The action did not return a dictionary."),
    };
}
