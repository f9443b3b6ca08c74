using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>
/// Messaging over Kafka (name <c>kafka</c>, Confluent.Kafka). Every topic is used through partition 0, as in
/// OpenWhisk, so messages keep their order and a group's consumers compete for them.
/// </summary>
public sealed partial class KafkaMessagingProvider(IOptions<KafkaOptions> options, ILoggerFactory loggerFactory) : IMessagingProvider, IDisposable
{
    /// <summary>The implementation name.</summary>
    public const string Name = "kafka";

    private readonly KafkaOptions settings = options.Value;
    private readonly ILogger logger = loggerFactory.CreateLogger<KafkaMessagingProvider>();
    private int disposed;
    private readonly Lazy<IAdminClient> admin = new(() => new AdminClientBuilder(Common(new AdminClientConfig(), options.Value)).Build());

    public IMessageProducer CreateProducer(MessageProducerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var deliveryTimeoutMs = options.DeliveryTimeout is { } timeout ? (int)Math.Clamp(timeout.TotalMilliseconds, 1, int.MaxValue) : settings.MessageTimeoutMs;
        var config = Common(new ProducerConfig
        {
            Acks = Acks.All,
            EnableIdempotence = true,
            MessageSendMaxRetries = settings.ProducerRetries,
            MessageTimeoutMs = deliveryTimeoutMs,

            // A request already on the wire is bounded by the request timeout, not the message timeout: without
            // this, a send during a broker outage would wait 30 s instead of failing at the delivery timeout.
            RequestTimeoutMs = Math.Min(deliveryTimeoutMs, 30_000),
            QueueBufferingMaxMessages = settings.ProducerQueueMessages,
            LingerMs = 0,
            ClientId = options.ClientId,
        }, settings);
        if (options.MaxMessageBytes is { } max)
        {
            config.MessageMaxBytes = max;
        }

        return new KafkaProducer(config, settings.TopicPrefix, options.MaxMessageBytes, loggerFactory.CreateLogger<KafkaProducer>());
    }

    public IMessageConsumer CreateConsumer(MessageConsumerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = Common(new ConsumerConfig
        {
            GroupId = options.GroupId,
            ClientId = "consumer-" + options.Topic,
            EnableAutoCommit = true,
            AutoCommitIntervalMs = settings.AutoCommitIntervalMs,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = options.TolerableDelay is { } tolerable
                ? Math.Max(settings.FetchWaitMaxMs, (int)Math.Clamp(tolerable.TotalMilliseconds, 0, int.MaxValue))
                : settings.FetchWaitMaxMs,
            SessionTimeoutMs = settings.SessionTimeoutMs,
            HeartbeatIntervalMs = settings.HeartbeatIntervalMs,
            MaxPollIntervalMs = Math.Max(
                settings.SessionTimeoutMs,
                Math.Min(settings.MaxPollIntervalMs ?? int.MaxValue, (int)Math.Min(int.MaxValue, options.MaxPollInterval.TotalMilliseconds))),
        }, settings);
        return new KafkaConsumer(config, settings.TopicPrefix + options.Topic, options.Topic, options.MaxPeek, TimeSpan.FromMilliseconds(settings.RejoinTimeoutMs), loggerFactory.CreateLogger<KafkaConsumer>());
    }

    public async Task EnsureTopicAsync(string topic, TopicOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var name = settings.TopicPrefix + topic;
        var configs = new Dictionary<string, string>
        {
            ["retention.ms"] = ((long)options.Retention.TotalMilliseconds).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        if (options.MaxMessageBytes is { } max)
        {
            configs["max.message.bytes"] = max.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        try
        {
            await admin.Value.CreateTopicsAsync(
                [new TopicSpecification { Name = name, NumPartitions = options.Partitions, ReplicationFactor = settings.ReplicationFactor, Configs = configs }],
                new CreateTopicsOptions { RequestTimeout = settings.AdminTimeout, OperationTimeout = settings.AdminTimeout });
            LogTopicCreated(logger, name);
        }
        catch (CreateTopicsException exception) when (exception.Results.All(r => r.Error.Code is ErrorCode.TopicAlreadyExists or ErrorCode.NoError))
        {
            // Already there.
        }
        catch (KafkaException exception)
        {
            // Brokers that do not support creating topics (librdkafka's mock cluster) create them on first use.
            LogTopicNotCreated(logger, name, exception.Message);
        }
    }

    /// <summary>A metadata request to the brokers, bounded well below the host's five seconds per check.</summary>
    public Task CheckHealthAsync(CancellationToken cancellationToken) => Task.Run(
        () =>
        {
            var metadata = admin.Value.GetMetadata(TimeSpan.FromSeconds(3));
            if (metadata.Brokers.Count == 0)
            {
                throw new KafkaException(ErrorCode.Local_AllBrokersDown);
            }
        },
        cancellationToken);

    public void Dispose()
    {
        // The host may dispose a provider registered under several service keys more than once.
        if (Interlocked.Exchange(ref disposed, 1) == 0 && admin.IsValueCreated)
        {
            admin.Value.Dispose();
        }
    }

    internal static T Common<T>(T config, KafkaOptions settings)
        where T : ClientConfig
    {
        config.BootstrapServers = settings.BootstrapServers;
        config.SocketNagleDisable = true;
        foreach (var (key, value) in settings.Settings)
        {
            config.Set(key, value);
        }

        return config;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created Kafka topic {Topic}")]
    private static partial void LogTopicCreated(ILogger logger, string topic);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka topic {Topic} was not created: {Reason}")]
    private static partial void LogTopicNotCreated(ILogger logger, string topic, string reason);
}
