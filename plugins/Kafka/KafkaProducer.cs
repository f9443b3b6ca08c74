using Confluent.Kafka;
using Microsoft.Extensions.Logging;
using OpenWhisk.Spi.Messaging;

namespace OpenWhisk.Plugins.Kafka;

/// <summary>Sends messages to partition 0 of their topic and waits for the brokers' acknowledgement (acks=all).</summary>
internal sealed partial class KafkaProducer : IMessageProducer
{
    private readonly IProducer<Null, byte[]> producer;
    private readonly string prefix;
    private readonly int? maxMessageBytes;
    private readonly ILogger logger;

    public KafkaProducer(ProducerConfig config, string prefix, int? maxMessageBytes, ILogger logger)
    {
        this.prefix = prefix;
        this.maxMessageBytes = maxMessageBytes;
        this.logger = logger;
        producer = new ProducerBuilder<Null, byte[]>(config)
            .SetErrorHandler((_, error) => LogClientError(logger, error.Code.ToString(), error.Reason))
            .SetLogHandler((_, message) => LogClientLog(logger, message.Facility, message.Message))
            .Build();
    }

    public async Task<MessagePosition> SendAsync(string topic, ReadOnlyMemory<byte> message, CancellationToken cancellationToken)
    {
        if (maxMessageBytes is { } max && message.Length > max)
        {
            throw new MessageTooLargeException($"Message of {message.Length} bytes exceeds the limit of {max} bytes for topic '{topic}'.");
        }

        try
        {
            var result = await producer.ProduceAsync(
                new TopicPartition(prefix + topic, new Partition(0)),
                new Message<Null, byte[]> { Value = message.ToArray() },
                cancellationToken);
            return new MessagePosition(topic, result.Partition.Value, result.Offset.Value);
        }
        catch (ProduceException<Null, byte[]> exception) when (exception.Error.Code is ErrorCode.MsgSizeTooLarge)
        {
            throw new MessageTooLargeException($"Message of {message.Length} bytes is larger than topic '{topic}' accepts.", exception);
        }
        catch (KafkaException exception)
        {
            throw new MessagingException($"Kafka did not accept the message for '{topic}': {exception.Error.Reason}", isTransient: true, exception);
        }
    }

    public ValueTask DisposeAsync()
    {
        producer.Flush(TimeSpan.FromSeconds(5));
        producer.Dispose();
        return ValueTask.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Trace, Message = "librdkafka (producer) {Facility}: {Text}")]
    private static partial void LogClientLog(ILogger logger, string facility, string text);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Kafka producer error {Code}: {Reason}")]
    private static partial void LogClientError(ILogger logger, string code, string reason);
}
