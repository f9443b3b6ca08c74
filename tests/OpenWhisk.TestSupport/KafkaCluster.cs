using Microsoft.Extensions.Logging.Abstractions;
using OpenWhisk.KafkaMockCluster;
using OpenWhisk.Plugins.Kafka;

namespace OpenWhisk.TestSupport;

/// <summary>
/// The Kafka the tests talk to: librdkafka's mock cluster (real Kafka protocol on 127.0.0.1), or the cluster named
/// by <c>OW_TEST_KAFKA_BOOTSTRAP</c>.
/// </summary>
public sealed class KafkaCluster : IDisposable
{
    private readonly MockCluster? mock;

    public KafkaCluster()
    {
        var external = Environment.GetEnvironmentVariable("OW_TEST_KAFKA_BOOTSTRAP");
        if (string.IsNullOrWhiteSpace(external))
        {
            mock = new MockCluster(brokers: 1);
            BootstrapServers = mock.BootstrapServers;
        }
        else
        {
            BootstrapServers = external;
        }
    }

    public string BootstrapServers { get; }

    public MockCluster? Mock => mock;

    public KafkaOptions Options() => new()
    {
        BootstrapServers = BootstrapServers,
        FetchWaitMaxMs = 10,
        SessionTimeoutMs = 2000,
        HeartbeatIntervalMs = 200,
        MessageTimeoutMs = 5000,
        AdminTimeout = TimeSpan.FromSeconds(2),
    };

    public KafkaMessagingProvider Provider(KafkaOptions? options = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options ?? Options()), NullLoggerFactory.Instance);

    public void Dispose() => mock?.Dispose();
}
