using System.Reflection;
using System.Runtime.InteropServices;

namespace OpenWhisk.KafkaMockCluster;

/// <summary>
/// The few librdkafka functions of the mock cluster that Confluent.Kafka does not wrap. They bind to the same
/// native library Confluent.Kafka loaded (on Debian 12 that is <c>centos8-librdkafka.so</c>, since the default
/// build needs a libsasl2 Debian does not have).
/// </summary>
internal static class NativeMethods
{
    private const string Library = "rdkafka-mock";
    private static int initialized;

    public static void Initialize()
    {
        if (Interlocked.Exchange(ref initialized, 1) == 1)
        {
            return;
        }

        Confluent.Kafka.Library.Load();
        NativeLibrary.SetDllImportResolver(typeof(NativeMethods).Assembly, Resolve);
    }

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_conf_new();

    [DllImport(Library)]
    public static extern int rd_kafka_conf_set(IntPtr conf, [MarshalAs(UnmanagedType.LPUTF8Str)] string name, [MarshalAs(UnmanagedType.LPUTF8Str)] string value, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    public static extern void rd_kafka_conf_destroy(IntPtr conf);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_new(int type, IntPtr conf, byte[] errstr, UIntPtr errstrSize);

    [DllImport(Library)]
    public static extern void rd_kafka_destroy(IntPtr rk);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_mock_cluster_new(IntPtr rk, int brokerCount);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_cluster_destroy(IntPtr mcluster);

    [DllImport(Library)]
    public static extern IntPtr rd_kafka_mock_cluster_bootstraps(IntPtr mcluster);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_topic_create(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partitionCount, int replicationFactor);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_group_initial_rebalance_delay_ms(IntPtr mcluster, int delayMs);

    [DllImport(Library)]
    public static extern void rd_kafka_mock_set_controller_id(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_down(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_broker_set_up(IntPtr mcluster, int brokerId);

    [DllImport(Library)]
    public static extern int rd_kafka_mock_partition_delete_records(IntPtr mcluster, [MarshalAs(UnmanagedType.LPUTF8Str)] string topic, int partition, long beforeOffset);

    private static IntPtr Resolve(string name, Assembly assembly, DllImportSearchPath? searchPath)
    {
        if (name != Library)
        {
            return IntPtr.Zero;
        }

        var folders = new[]
        {
            Path.Combine(Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location)!, "runtimes", "linux-x64", "native"),
            Path.Combine(Path.GetDirectoryName(assembly.Location)!, "runtimes", "linux-x64", "native"),
        };
        foreach (var folder in folders)
        {
            foreach (var candidate in new[] { "librdkafka.so", "centos8-librdkafka.so" })
            {
                if (NativeLibrary.TryLoad(Path.Combine(folder, candidate), out var loaded))
                {
                    return loaded;
                }
            }
        }

        return NativeLibrary.TryLoad("librdkafka", assembly, searchPath, out var fallback) ? fallback : IntPtr.Zero;
    }
}
