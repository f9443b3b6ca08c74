using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenWhisk.Common.Telemetry;

namespace OpenWhisk.Common.Tests.Telemetry;

[TestFixture]
public sealed class MetricsAccessTests
{
    [TestCase("127.0.0.1", "/metrics", false, 200)]
    [TestCase("::1", "/metrics", false, 200)]
    [TestCase("10.1.2.3", "/metrics", false, 403)]
    [TestCase("10.1.2.3", "/metrics", true, 200)]
    [TestCase("10.1.2.3", "/api/v1", false, 200)]
    public async Task Only_local_clients_scrape_unless_remote_scrapes_are_allowed(string client, string path, bool allowRemote, int expected)
    {
        await using var services = new ServiceCollection().Configure<TelemetryOptions>(o => o.MetricsAllowRemote = allowRemote).BuildServiceProvider();
        var app = new ApplicationBuilder(services);
        app.UseOpenWhiskMetricsAccess();
        app.Run(context =>
        {
            context.Response.StatusCode = 200;
            return Task.CompletedTask;
        });
        var context = new DefaultHttpContext();
        context.Request.Path = path;
        context.Connection.RemoteIpAddress = IPAddress.Parse(client);

        await app.Build()(context);

        Assert.That(context.Response.StatusCode, Is.EqualTo(expected));
    }
}
