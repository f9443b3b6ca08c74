using System.Text.Json;

namespace OpenWhisk.Bench.PlatformBench;

/// <summary>How many activation records the guest namespace holds (<c>GET …/activations?count=true</c>).</summary>
internal static class ActivationCount
{
    public static async Task<long> OfAsync(HttpClient api)
    {
        using var count = JsonDocument.Parse(await api.GetStringAsync("/api/v1/namespaces/_/activations?count=true"));
        return count.RootElement.GetProperty("activations").GetInt64();
    }
}
