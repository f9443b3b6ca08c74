using System.Net;
using System.Net.Sockets;
using Docker.DotNet;
using Polly;
using Polly.Retry;

namespace OpenWhisk.Spi.Toolkit.Docker;

/// <summary>Retries Engine API calls that failed for transient reasons (the daemon busy, a dropped connection).</summary>
public static class EngineApiRetry
{
    /// <summary>Builds the pipeline: up to three retries with exponential, jittered backoff from 50 ms.</summary>
    /// <param name="timeProvider">The clock of the backoff.</param>
    /// <returns>The pipeline.</returns>
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
