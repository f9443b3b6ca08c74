using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>Serialization of results without reflection.</summary>
[JsonSerializable(typeof(JsonNode))]
internal sealed partial class JsonNodeContext : JsonSerializerContext;
