using System.Globalization;
using OpenWhisk.KafkaMockCluster;

// A stand-in Kafka for one machine: librdkafka's mock cluster speaks the real Kafka protocol on 127.0.0.1.
// Usage: OpenWhisk.KafkaMock [--brokers 1] [--topics invoker0,invoker1,completed0,health] [--bootstrap-file path]
// Prints the bootstrap servers (and writes them to --bootstrap-file), then serves until Ctrl-C or SIGTERM.
// The mock keeps messages in memory only, and cannot create topics through the admin API, hence --topics.
var brokers = int.Parse(Option("--brokers") ?? "1", CultureInfo.InvariantCulture);
var topics = (Option("--topics") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var bootstrapFile = Option("--bootstrap-file");

using var cluster = new MockCluster(brokers);
foreach (var topic in topics)
{
    cluster.CreateTopic(topic);
}

if (bootstrapFile is not null)
{
    await File.WriteAllTextAsync(bootstrapFile, cluster.BootstrapServers + Environment.NewLine);
}

Console.WriteLine($"Kafka mock cluster with {brokers} broker(s) at {cluster.BootstrapServers}; topics: {string.Join(", ", topics)}");
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    stop.Cancel();
};
using var terminate = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    stop.Cancel();
});
try
{
    await Task.Delay(Timeout.Infinite, stop.Token);
}
catch (OperationCanceledException)
{
}

return 0;

string? Option(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
