using OpenWhisk.Common.Health;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Controller.Admin;
using OpenWhisk.Controller.Alarms;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.WebConsole;
using OpenWhisk.Controller.Hosting;
using OpenWhisk.Controller.Routes;
using OpenWhisk.Controller.Web;
using OpenWhisk.Invoker.Hosting;

// The controller. Roles:
//   standalone (default)  controller + one in-process invoker (./run.sh)
//   controller            the REST API only; invokers run as separate services
//   admin ...             manage subjects and keys in the configured artifact store
if (args.Length > 0 && args[0] == "admin")
{
    return await AdminCommand.RunAsync(args);
}

var role = ControllerRoles.From(args);
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
builder.Configuration.AddOpenWhiskConfiguration(role, args);
builder.Logging.AddOpenWhiskConsole(builder.Configuration);
builder.WebHost.UseUrls(ConsoleRegistration.ListenUrls(builder.Configuration, ListenAddress.Url(builder.Configuration, defaultPort: 3233)));
ListenAddress.DefaultApiHost(builder.Configuration, defaultPort: 3233);
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024;

    // Web actions may set header values beyond ASCII (OpenWhisk sends them as UTF-8).
    kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
});
var platform = builder.Services.AddOpenWhiskPlatform(builder.Configuration, registrar => registrar.AddOpenWhiskBuiltIns().AddControllerBuiltIns());
if (role == ControllerRoles.Standalone)
{
    platform.AddOpenWhiskInvoker();
}

platform.AddOpenWhiskController();
builder.Services.AddOpenWhiskHealth();
builder.Services.AddOpenWhiskConsole(builder.Configuration);
builder.Services.AddExceptionHandler<ApiExceptionHandler>();
builder.Services.AddOpenWhiskTelemetry(builder.Configuration, role == ControllerRoles.Standalone ? "openwhisk-standalone" : "openwhisk-controller");

var app = builder.Build();
app.UseMiddleware<ApiMiddleware>();

// Failures become {"error", "code"} in ApiExceptionHandler; the delegate answers only if it ever declined one. (A
// request its client abandoned is answered 499 by the middleware itself: nobody reads that answer.)
app.UseExceptionHandler(new ExceptionHandlerOptions
{
    ExceptionHandler = context =>
    {
        ApiMiddleware.AddStandardHeaders(context);
        return ErrorWriter.WriteAsync(context, StatusCodes.Status500InternalServerError, ApiMessages.InternalError);
    },
});
app.UseOpenWhiskConsole();
app.UseRouting();
app.UseOpenWhiskMetricsAccess();
app.MapOpenWhiskMetrics();
app.MapOpenWhiskHealth();
app.MapInfoEndpoints();
app.MapActivationStatusEndpoints();
app.MapActionEndpoints();
app.MapPackageEndpoints();
app.MapTriggerEndpoints();
app.MapRuleEndpoints();
app.MapAlarmEndpoints();
app.MapActivationEndpoints();
app.MapWebActionEndpoints();
app.MapApiRouteEndpoints();
await app.RunAsync();
return 0;
