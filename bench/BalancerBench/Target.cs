using System.Net.Http.Headers;
using System.Text;

namespace OpenWhisk.Bench.BalancerBench;

/// <summary>One thing to measure: a POST that runs the noop action, through the platform or straight to a container.</summary>
internal sealed class Target(string name, Uri uri, string body, string? basicAuth) : IDisposable
{
    private readonly HttpClient http = new(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = 64 });
    private readonly byte[] payload = Encoding.UTF8.GetBytes(body);

    public string Name { get; } = name;

    /// <summary>Sends one request and fails unless it answered 200.</summary>
    public async Task SendAsync()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, uri) { Content = new ByteArrayContent(payload) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (basicAuth is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(basicAuth)));
        }

        using var response = await http.SendAsync(request);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"{Name}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        await response.Content.ReadAsByteArrayAsync();
    }

    public void Dispose() => http.Dispose();
}
