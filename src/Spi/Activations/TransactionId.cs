using System.Text.Json.Serialization;
using OpenWhisk.Spi.Json;

namespace OpenWhisk.Spi.Activations;

/// <summary>
/// The id of one request through the system and the time the controller received it; serialized as
/// OpenWhisk's <c>["id", startEpochMs]</c>.
/// </summary>
/// <param name="Id">The request id (the <c>X-Request-ID</c> header).</param>
/// <param name="StartEpochMs">When the request arrived, in milliseconds since the Unix epoch.</param>
[JsonConverter(typeof(TransactionIdJsonConverter))]
public readonly record struct TransactionId(string Id, long StartEpochMs)
{
    /// <summary>The prefix of system transaction ids, which callers may not use.</summary>
    public const string SystemPrefix = "sid_";

    /// <summary>Gets the id of the invoker's health test activations.</summary>
    public const string InvokerHealthId = "sid_invokerHealth";

    /// <summary>Gets a value indicating whether this is a system transaction.</summary>
    [JsonIgnore]
    public bool IsSystem => Id?.StartsWith(SystemPrefix, StringComparison.Ordinal) == true;

    /// <inheritdoc />
    public override string ToString() => Id;
}
