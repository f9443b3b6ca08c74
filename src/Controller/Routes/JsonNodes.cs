using System.Text.Json.Nodes;

namespace OpenWhisk.Controller.Routes;

/// <summary>Typed reads of user-supplied JSON documents: a node of an unexpected type reads as absent, never throws.</summary>
public static class JsonNodes
{
    /// <summary>The node as an object, or null.</summary>
    public static JsonObject? Object(JsonNode? node) => node as JsonObject;

    /// <summary>The node as an array, or null.</summary>
    public static JsonArray? Array(JsonNode? node) => node as JsonArray;

    /// <summary>The node's string, or null when it is not a string.</summary>
    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The item at <paramref name="index"/> of an array node, or null.</summary>
    public static JsonNode? Item(JsonNode? node, int index) => node is JsonArray array && index < array.Count ? array[index] : null;

    /// <summary>The property of an object node, or null.</summary>
    public static JsonNode? Field(JsonNode? node, string name) => node is JsonObject holder ? holder[name] : null;
}
