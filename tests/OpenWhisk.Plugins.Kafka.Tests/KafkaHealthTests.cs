using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Plugins.Kafka.Tests;

/// <summary>The readiness probe of Kafka messaging: a metadata request that fails while the brokers are down.</summary>
[TestFixture]
public sealed class KafkaHealthTests
{
    [Test]
    public async Task The_health_check_fails_while_the_broker_is_down_and_passes_once_it_is_back()
    {
        using var cluster = new KafkaCluster();
        if (cluster.Mock is not { } mock)
        {
            Assert.Ignore("Needs the mock cluster to take the broker down (OW_TEST_KAFKA_BOOTSTRAP is set).");
            return;
        }

        using var provider = new KafkaMessagingProvider(Options.Create(cluster.Options()), NullLoggerFactory.Instance);
        await provider.CheckHealthAsync(CancellationToken.None);

        mock.BrokerDown();
        Exception? whileDown = null;
        try
        {
            await provider.CheckHealthAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception exception)
        {
            whileDown = exception;
        }

        mock.BrokerUp();
        Exception? afterwards = new InvalidOperationException("never healthy again");
        for (var attempt = 0; attempt < 20 && afterwards is not null; attempt++)
        {
            try
            {
                await provider.CheckHealthAsync(CancellationToken.None);
                afterwards = null;
            }
            catch (Exception exception)
            {
                afterwards = exception;
                await Task.Delay(500);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(whileDown, Is.Not.Null.And.Not.TypeOf<TimeoutException>(), "fails within its own bound, below the host's 5 s");
            Assert.That(afterwards, Is.Null);
        });
    }
}
