using System.Text.Json.Serialization;

namespace OpenWhisk.Spi.Invokers;

/// <summary>
/// Running totals of the activations an invoker finished since it started: a reader takes the difference of two
/// totals to get a rate and the durations' percentiles over the time between them.
/// </summary>
/// <param name="Count">Activations finished.</param>
/// <param name="Failed">Of those, the ones that did not succeed (application, developer or platform errors).</param>
/// <param name="DurationBuckets">
/// Activations by duration (wait, init and run): entry <c>i</c> counts those that took at most
/// <see cref="BucketBoundsMs"/>[i] milliseconds and more than the bound before it; the last entry counts the longer ones.
/// </param>
public sealed record ActivationTotals(
    [property: JsonPropertyName("count")] long Count,
    [property: JsonPropertyName("failed")] long Failed,
    [property: JsonPropertyName("durationBuckets")] IReadOnlyList<long> DurationBuckets)
{
    /// <summary>Gets the upper bounds, in milliseconds, of the duration buckets but the last (which has none).</summary>
    public static IReadOnlyList<double> BucketBoundsMs { get; } =
        [1, 2, 3, 5, 7.5, 10, 15, 20, 30, 50, 75, 100, 150, 200, 300, 500, 750, 1000, 1500, 2000, 3000, 5000, 10000, 30000, 60000, 120000, 300000];
}
