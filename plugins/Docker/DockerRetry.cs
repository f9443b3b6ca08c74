using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Polly;
using Polly.Retry;

namespace OpenWhisk.Plugins.Docker;

/// <summary>Retries Engine API calls that failed for transient reasons (the daemon busy, a dropped connection).</summary>
internal static class DockerRetry
{
    public static ResiliencePipeline Create(TimeProvider timeProvider) => new ResiliencePipelineBuilder { TimeProvider = timeProvider }
        .AddRetry(new RetryStrategyOptions
        {
            ShouldHandle = new PredicateBuilder()
                .Handle<HttpRequestException>()
                .Handle<SocketException>()
                .Handle<IOException>()
                .Handle<DockerApiException>(e => (int)e.StatusCode >= 500 && e.StatusCode != HttpStatusCode.NotImplemented
                    && !e.ResponseBody.Contains("already in use", StringComparison.OrdinalIgnoreCase)),
            MaxRetryAttempts = 3,
            BackoffType = DelayBackoffType.Exponential,
            Delay = TimeSpan.FromMilliseconds(50),
            UseJitter = true,
        })
        .Build();
}
