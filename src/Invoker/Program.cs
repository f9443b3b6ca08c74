using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Health;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Invoker.Admin;
using OpenWhisk.Invoker.Hosting;

// The invoker as a service: consumes invoker<N>, runs containers, acknowledges to controllers.
// Configuration: config/appsettings.invoker.json, then appsettings.json in the working directory, environment
// variables (Invoker__InstanceId=1) and the command line (--id 1). `admin plugins ...` installs plugins.
if (args is ["admin", ..])
{
    return await InvokerAdminCommand.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddOpenWhiskConfiguration("invoker", args);
builder.Logging.AddOpenWhiskConsole(builder.Configuration);
builder.WebHost.UseUrls(ListenAddress.Url(builder.Configuration, defaultPort: 8085));
var platform = builder.Services.AddOpenWhiskPlatform(builder.Configuration, registrar => registrar.AddOpenWhiskBuiltIns());
platform.AddOpenWhiskInvoker();
builder.Services.AddOpenWhiskHealth();
builder.Services.AddOpenWhiskTelemetry(builder.Configuration, "openwhisk-invoker");
builder.Services.AddInvokerAdminAuthentication();

var app = builder.Build();
app.UseOpenWhiskMetricsAccess();
app.UseAuthentication();
app.UseAuthorization();
app.MapInvokerEndpoints();
app.MapOpenWhiskMetrics();
app.MapOpenWhiskHealth();
await app.RunAsync();
return 0;
