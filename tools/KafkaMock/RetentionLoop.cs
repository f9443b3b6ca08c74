using Confluent.Kafka;
using OpenWhisk.KafkaMockCluster;

namespace OpenWhisk.KafkaMock;

/// <summary>Enforces the mock's retention once per interval until stopped.</summary>
internal static class RetentionLoop
{
    /// <summary>Runs until <paramref name="cancellationToken"/> is cancelled (then throws <see cref="OperationCanceledException"/>).</summary>
    /// <param name="retention">The retention to enforce.</param>
    /// <param name="interval">The pause between two passes.</param>
    /// <param name="cancellationToken">Stops the loop.</param>
    /// <returns>A task that ends when the loop is stopped.</returns>
    public static async Task RunAsync(MockRetention retention, TimeSpan interval, CancellationToken cancellationToken)
    {
        var failing = false;
        while (true)
        {
            await Task.Delay(interval, cancellationToken);
            try
            {
                retention.Enforce();
                failing = false;
            }
            catch (KafkaException exception)
            {
                // A broker set down by a test, for example; one line per streak, retried next time.
                if (!failing)
                {
                    await Console.Error.WriteLineAsync($"Retention pass failed: {exception.Error.Reason}; retrying every {interval.TotalSeconds:0} s");
                }

                failing = true;
            }
        }
    }
}
