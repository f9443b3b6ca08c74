using OpenWhisk.Common.Health;
using OpenWhisk.Common.Hosting;
using OpenWhisk.Common.Plugins;
using OpenWhisk.Common.Telemetry;
using OpenWhisk.Controller.Admin;
using OpenWhisk.Controller.Alarms;
using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Routes;
using OpenWhisk.Controller.Web;
using OpenWhisk.Controller.WebConsole;

namespace OpenWhisk.Controller.Hosting;

/// <summary>
/// The controller's web application: OpenWhisk's REST API, web actions, routes, alarms, the console, health and
/// metrics on Kestrel. <c>OpenWhisk.Controller</c> runs it alone (<c>controller</c> role); <c>OpenWhisk.Standalone</c>
/// composes it with an invoker in the same process (<c>standalone</c> role) by adding the invoker's services.
/// </summary>
public static class ControllerApplication
{
    /// <summary>The port the API listens on unless <c>--port</c> or <c>Http:Port</c> says otherwise.</summary>
    public const int DefaultPort = 3233;

    /// <summary>
    /// Runs the executable of <paramref name="role"/>: <c>admin ...</c> (<see cref="AdminCommand"/>), or the application
    /// until it is stopped; a <c>--role</c> naming another role is refused with a hint (exit code 2).
    /// </summary>
    /// <param name="args">The command line.</param>
    /// <param name="role"><see cref="ControllerRoles.Controller"/> or <see cref="ControllerRoles.Standalone"/>.</param>
    /// <param name="compose">Adds what runs beside the controller in this process; null for none.</param>
    /// <returns>The exit code.</returns>
    public static async Task<int> RunAsync(string[] args, string role, Action<PlatformBuilder>? compose = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        if (args is ["admin", ..])
        {
            return await AdminCommand.RunAsync(args, role);
        }

        if (ControllerRoles.Refusal(args, role) is { } refusal)
        {
            await Console.Error.WriteLineAsync(refusal);
            return 2;
        }

        await Build(args, role, compose).RunAsync();
        return 0;
    }

    /// <summary>Builds the application for <paramref name="role"/>.</summary>
    /// <param name="args">The command line (settings as <c>--Section:Key=value</c>).</param>
    /// <param name="role"><see cref="ControllerRoles.Controller"/> or <see cref="ControllerRoles.Standalone"/>: the configuration file it reads and the name it reports telemetry under.</param>
    /// <param name="compose">Adds what runs beside the controller in this process (the standalone's invoker); null for none.</param>
    /// <returns>The application, ready to run.</returns>
    public static WebApplication Build(string[] args, string role, Action<PlatformBuilder>? compose = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddOpenWhiskConfiguration(role, args);
        builder.Logging.AddOpenWhiskConsole(builder.Configuration);
        builder.WebHost.UseUrls(ConsoleRegistration.ListenUrls(builder.Configuration, ListenAddress.Url(builder.Configuration, DefaultPort)));
        ListenAddress.DefaultApiHost(builder.Configuration, DefaultPort);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Limits.MaxRequestBodySize = 64L * 1024 * 1024;

            // Web actions may set header values beyond ASCII (OpenWhisk sends them as UTF-8).
            kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
        });
        var platform = builder.Services.AddOpenWhiskPlatform(builder.Configuration, registrar => registrar.AddOpenWhiskBuiltIns().AddControllerBuiltIns());
        compose?.Invoke(platform);
        platform.AddOpenWhiskController();
        builder.Services.AddOpenWhiskHealth();
        builder.Services.AddOpenWhiskConsole(builder.Configuration);
        builder.Services.AddExceptionHandler<ApiExceptionHandler>();
        builder.Services.AddOpenWhiskTelemetry(builder.Configuration, "openwhisk-" + role);

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
        return app;
    }
}
