using System.Runtime.InteropServices;
using System.Text;

namespace OpenWhisk.KafkaMockCluster;

/// <summary>
/// librdkafka's built-in mock cluster: a real Kafka-protocol server on 127.0.0.1 inside this process, for tests
/// and single-machine runs. Topics are created with one partition; the initial rebalance delay is 0 and broker 1
/// is the controller, so admin calls fail fast instead of hanging.
/// </summary>
public sealed class MockCluster : IDisposable
{
    private readonly IntPtr handle;
    private readonly IntPtr cluster;
    private bool disposed;

    static MockCluster() => NativeMethods.Initialize();

    /// <summary>Starts a mock cluster with <paramref name="brokers"/> brokers (ids 1..n).</summary>
    public MockCluster(int brokers = 1)
    {
        var error = new byte[512];
        var configuration = NativeMethods.rd_kafka_conf_new();
        _ = NativeMethods.rd_kafka_conf_set(configuration, "log_level", "3", error, (UIntPtr)error.Length);
        handle = NativeMethods.rd_kafka_new(0, configuration, error, (UIntPtr)error.Length);
        if (handle == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_conf_destroy(configuration);
            throw new InvalidOperationException("librdkafka could not create a client: " + Encoding.UTF8.GetString(error).TrimEnd('\0'));
        }

        cluster = NativeMethods.rd_kafka_mock_cluster_new(handle, brokers);
        if (cluster == IntPtr.Zero)
        {
            NativeMethods.rd_kafka_destroy(handle);
            throw new InvalidOperationException("librdkafka could not create a mock cluster.");
        }

        BootstrapServers = Marshal.PtrToStringUTF8(NativeMethods.rd_kafka_mock_cluster_bootstraps(cluster))!;
        NativeMethods.rd_kafka_mock_group_initial_rebalance_delay_ms(cluster, 0);
        NativeMethods.rd_kafka_mock_set_controller_id(cluster, 1);
    }

    /// <summary>Gets the bootstrap servers, <c>127.0.0.1:port[,...]</c>.</summary>
    public string BootstrapServers { get; }

    /// <summary>Creates a topic.</summary>
    public void CreateTopic(string topic, int partitions = 1, int replicationFactor = 1)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        var result = NativeMethods.rd_kafka_mock_topic_create(cluster, topic, partitions, replicationFactor);
        if (result != 0 && result != 36)
        {
            throw new InvalidOperationException($"The mock cluster could not create topic '{topic}' (error {result}).");
        }
    }

    /// <summary>Makes a broker (-1: all) refuse connections, as if it were down.</summary>
    public void BrokerDown(int brokerId = -1)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        _ = NativeMethods.rd_kafka_mock_broker_set_down(cluster, brokerId);
    }

    /// <summary>Brings a broker (-1: all) back.</summary>
    public void BrokerUp(int brokerId = -1)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        _ = NativeMethods.rd_kafka_mock_broker_set_up(cluster, brokerId);
    }

    /// <summary>
    /// Deletes a partition's messages before <paramref name="beforeOffset"/>, which becomes its start offset (Kafka's
    /// DeleteRecords). Returns false when the partition does not exist or the offset is past its end.
    /// </summary>
    public bool DeleteRecordsBefore(string topic, int partition, long beforeOffset)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        return NativeMethods.rd_kafka_mock_partition_delete_records(cluster, topic, partition, beforeOffset) == 0;
    }

    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        NativeMethods.rd_kafka_mock_cluster_destroy(cluster);
        NativeMethods.rd_kafka_destroy(handle);
    }
}
