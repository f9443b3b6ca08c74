using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Activations;

/// <summary>A controller instance: <c>{"asString": "0", "instanceType": "controller"}</c>.</summary>
/// <param name="AsString">The instance name, for example <c>0</c> or <c>standalone</c>.</param>
public sealed record ControllerInstanceId([property: JsonPropertyName("asString")] string AsString)
{
    /// <summary>Gets the instance type, always <c>controller</c>.</summary>
    [JsonPropertyName("instanceType")]
    public string InstanceType { get; init; } = "controller";

    /// <summary>Gets the topic this controller receives completions on, <c>completed&lt;name&gt;</c>.</summary>
    [JsonIgnore]
    public string CompletionTopic => "completed" + AsString;
}
