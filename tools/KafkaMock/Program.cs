using System.CommandLine;
using OpenWhisk.KafkaMock;
using OpenWhisk.KafkaMockCluster;

// A stand-in Kafka for one machine: librdkafka's mock cluster speaks the real Kafka protocol on 127.0.0.1.
// Prints the bootstrap servers (and writes them to --bootstrap-file), then serves until Ctrl-C or SIGTERM.
// The mock keeps messages in memory only, and cannot create topics through the admin API, hence --topics.
var brokersOption = new Option<int>("--brokers") { Description = "Brokers in the cluster.", HelpName = "N", DefaultValueFactory = _ => 1 };
brokersOption.Validators.Add(result =>
{
    // Only a value given as a number: one that is not a number is already a parse error.
    if (result.Tokens is [var token] && int.TryParse(token.Value, out var count) && count < 1)
    {
        result.AddError("--brokers must be at least 1.");
    }
});
var topicsOption = new Option<string?>("--topics") { Description = "Topics to create, comma-separated (invoker0,completed0,health).", HelpName = "NAME,NAME" };
var bootstrapFileOption = new Option<string?>("--bootstrap-file") { Description = "Also write the bootstrap servers to this file.", HelpName = "FILE" };
var retentionOption = new Option<int>("--retention-seconds")
{
    Description = "How long messages are kept, as Kafka's retention.ms (0: up to the mock's own limit of 5 MiB or 100 000 batches per partition). The mock's fetches walk every batch it keeps, so a long retention makes it slow under load.",
    HelpName = "SECONDS",
    DefaultValueFactory = _ => 60,
};
retentionOption.Validators.Add(result =>
{
    if (result.Tokens is [var token] && int.TryParse(token.Value, out var seconds) && seconds < 0)
    {
        result.AddError("--retention-seconds must not be negative.");
    }
});
var command = new RootCommand("OpenWhisk.KafkaMock: librdkafka's mock cluster as a stand-in Kafka on 127.0.0.1.") { brokersOption, topicsOption, bootstrapFileOption, retentionOption };
var parsed = command.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
if (parsed.Errors.Count > 0 || parsed.Action is not null)
{
    // Usage errors (exit code 2 with the help's hint), or --help and --version.
    return parsed.Errors.Count > 0 ? UsageError(parsed) : await parsed.InvokeAsync();
}

var brokers = parsed.GetValue(brokersOption);
var topics = (parsed.GetValue(topicsOption) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
var bootstrapFile = parsed.GetValue(bootstrapFileOption);
var retentionSeconds = parsed.GetValue(retentionOption);

using var cluster = new MockCluster(brokers);
foreach (var topic in topics)
{
    cluster.CreateTopic(topic);
}

if (bootstrapFile is not null)
{
    await File.WriteAllTextAsync(bootstrapFile, cluster.BootstrapServers + Environment.NewLine);
}

var keeps = retentionSeconds > 0 ? $"keeps messages {retentionSeconds} s" : "keeps up to 5 MiB or 100 000 batches per partition";
Console.WriteLine($"Kafka mock cluster with {brokers} broker(s) at {cluster.BootstrapServers}; topics: {string.Join(", ", topics)}; {keeps}");
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
    if (retentionSeconds > 0)
    {
        using var retention = new MockRetention(cluster, TimeSpan.FromSeconds(retentionSeconds), TimeProvider.System);
        await RetentionLoop.RunAsync(retention, TimeSpan.FromSeconds(1), stop.Token);
    }
    else
    {
        await Task.Delay(Timeout.Infinite, stop.Token);
    }
}
catch (OperationCanceledException)
{
}

return 0;

static int UsageError(ParseResult parsed)
{
    foreach (var error in parsed.Errors)
    {
        Console.Error.WriteLine(error.Message);
    }

    Console.Error.WriteLine("See: OpenWhisk.KafkaMock --help");
    return 2;
}
