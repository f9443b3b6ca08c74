using System.Globalization;
using System.Text.Json.Serialization;
using OpenWhisk.Spi.Json;

namespace OpenWhisk.Spi.Invokers;

/// <summary>
/// An invoker instance as OpenWhisk identifies it: <c>{"instance": 0, "userMemory": "2048 MB",
/// "instanceType": "invoker", "tags": [], "dedicatedNamespaces": [], "uniqueName"?, "displayedName"?}</c>.
/// </summary>
public sealed record InvokerInstanceId
{
    /// <summary>Gets the invoker number; its activation topic is <c>invoker&lt;instance&gt;</c>.</summary>
    [JsonPropertyName("instance")]
    public required int Instance { get; init; }

    /// <summary>Gets the memory the invoker offers to action containers, in megabytes.</summary>
    [JsonPropertyName("userMemory"), JsonConverter(typeof(MegabytesJsonConverter))]
    public required int UserMemoryMb { get; init; }

    /// <summary>Gets the instance type, always <c>invoker</c>.</summary>
    [JsonPropertyName("instanceType")]
    public string InstanceType { get; init; } = "invoker";

    /// <summary>Gets the invoker's tags.</summary>
    [JsonPropertyName("tags")]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Gets the namespaces this invoker is dedicated to.</summary>
    [JsonPropertyName("dedicatedNamespaces")]
    public IReadOnlyList<string> DedicatedNamespaces { get; init; } = [];

    /// <summary>Gets the invoker's unique name, if it has one.</summary>
    [JsonPropertyName("uniqueName")]
    public string? UniqueName { get; init; }

    /// <summary>Gets the invoker's display name, if it has one.</summary>
    [JsonPropertyName("displayedName")]
    public string? DisplayedName { get; init; }

    /// <summary>Gets the topic the invoker consumes activations from.</summary>
    [JsonIgnore]
    public string Topic => "invoker" + Instance.ToString(CultureInfo.InvariantCulture);

    /// <summary>
    /// Returns OpenWhisk's display form: <c>invoker&lt;n&gt;</c>, followed by <c>/uniqueName</c> and
    /// <c>/displayedName</c> when set.
    /// </summary>
    /// <returns>The display form.</returns>
    public override string ToString()
    {
        var text = Topic;
        if (UniqueName is not null)
        {
            text += "/" + UniqueName;
        }

        if (DisplayedName is not null)
        {
            text += "/" + DisplayedName;
        }

        return text;
    }
}
