using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using OpenWhisk.Common.Hosting;

namespace OpenWhisk.Common.Tests.Hosting;

[TestFixture]
public sealed class LogFormatTests
{
    [Test]
    public void Json_logs_carry_the_transaction_and_activation_ids_in_their_scope()
    {
        var logger = new FakeLogger();
        using (new LogFormat(Json: true).BeginTransaction(logger, "tid-1", "act-1"))
        {
            logger.LogInformation("inside");
        }

        logger.LogInformation("outside");
        var records = logger.Collector.GetSnapshot();
        var scope = (IReadOnlyDictionary<string, object>)records[0].Scopes.Single()!;
        Assert.Multiple(() =>
        {
            Assert.That(scope["TransactionId"], Is.EqualTo("tid-1"));
            Assert.That(scope["ActivationId"], Is.EqualTo("act-1"));
            Assert.That(records[1].Scopes, Is.Empty);
        });
    }

    [Test]
    public void Text_logs_open_no_scope()
    {
        var logger = new FakeLogger();
        Assert.That(new LogFormat(Json: false).BeginTransaction(logger, "tid-1"), Is.Null);
    }
}
