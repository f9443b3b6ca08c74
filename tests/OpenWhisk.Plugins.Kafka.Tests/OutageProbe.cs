using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka.Tests;

[TestFixture]
public sealed class OutageProbe
{
    [Test]
    public async Task Probe()
    {
        using var cluster = new KafkaCluster();
        var topics = new[] { "t0", "t1", "t2", "t3" };
        foreach (var t in topics)
        {
            cluster.Mock!.CreateTopic(t);
        }

        using var loggers = LoggerFactory.Create(b => b.AddSimpleConsole().SetMinimumLevel(LogLevel.Debug));
        var o = cluster.Options();
        o.MaxPollIntervalMs = 10000;
        using var provider = new KafkaMessagingProvider(Options.Create(o), loggers);
        await using var producer = provider.CreateProducer(new MessageProducerOptions());
        var clock = Stopwatch.StartNew();
        var last = new TimeSpan[topics.Length];
        var tasks = new List<Task>();
        tasks.Add(Task.Run(async () =>
        {
            var n = 0;
            while (clock.Elapsed < TimeSpan.FromSeconds(30))
            {
                foreach (var t in topics)
                {
                    try
                    {
                        await producer.SendAsync(t, Encoding.UTF8.GetBytes("p" + n++), CancellationToken.None);
                    }
                    catch (MessagingException)
                    {
                    }
                }

                await Task.Delay(200);
            }
        }));
        for (var i = 0; i < topics.Length; i++)
        {
            var index = i;
            var consumer = provider.CreateConsumer(new MessageConsumerOptions { Topic = topics[i], GroupId = "g" + topics[i] });
            tasks.Add(Task.Run(async () =>
            {
                while (clock.Elapsed < TimeSpan.FromSeconds(30))
                {
                    var batch = await consumer.PeekAsync(TimeSpan.FromSeconds(1), CancellationToken.None);
                    if (batch.Count > 0)
                    {
                        last[index] = clock.Elapsed;
                    }

                    await consumer.CommitAsync(CancellationToken.None);
                }

                await consumer.DisposeAsync();
            }));
        }

        await Task.Delay(3000);
        cluster.Mock!.BrokerDown();
        await Task.Delay(5000);
        cluster.Mock.BrokerUp();
        await Task.WhenAll(tasks);
        TestContext.Out.WriteLine(string.Join(" ", last.Select(l => l.TotalSeconds.ToString("F1"))));
        Assert.That(last, Is.All.GreaterThan(TimeSpan.FromSeconds(25)));
    }
}
