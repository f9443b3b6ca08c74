using System.Globalization;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;

namespace OpenWhisk.Controller.WebConsole;

/// <summary>
/// The web console: its static files (built into this assembly) at <c>/console/</c>, and the pool directory that
/// <c>GET /invokers/pool</c> reads.
/// </summary>
public static class ConsoleRegistration
{
    /// <summary>The path the console is served under.</summary>
    public const string Path = "/console";

    /// <summary>The prefix of the console files' resource names in this assembly.</summary>
    private const string ResourcePrefix = "console";

    /// <summary>
    /// The console's pages may load only what this controller serves and call only its API (<c>{0}</c>: the API's
    /// origin when the console has a port of its own), and no other site may frame them.
    /// </summary>
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'{0}; " +
        "frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    /// <summary>Registers the console's options and the pool directory.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configuration">The configuration (section <c>Console</c>).</param>
    /// <returns>The services.</returns>
    public static IServiceCollection AddOpenWhiskConsole(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ConsoleOptions>().Bind(configuration.GetSection("Console")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<InvokerPoolDirectory>();
        services.AddHostedService(provider => provider.GetRequiredService<InvokerPoolDirectory>());
        return services;
    }

    /// <summary>The URLs the controller listens on: the API's, and the console's when it has a port of its own.</summary>
    /// <param name="configuration">The configuration (<c>Console:Enabled</c>, <c>Console:Port</c>).</param>
    /// <param name="apiUrl">The API's listen URL.</param>
    /// <returns>One or two URLs.</returns>
    public static string[] ListenUrls(IConfiguration configuration, string apiUrl)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection("Console").Get<ConsoleOptions>() ?? new ConsoleOptions();
        if (!options.Enabled || options.Port is not { } port)
        {
            return [apiUrl];
        }

        return [apiUrl, new UriBuilder(new Uri(apiUrl)) { Port = port }.Uri.ToString().TrimEnd('/')];
    }

    /// <summary>Serves the console's files under <see cref="Path"/> (unless <c>Console:Enabled</c> is false) and maps <c>/invokers/pool</c>.</summary>
    /// <param name="app">The application.</param>
    /// <returns>The application.</returns>
    public static WebApplication UseOpenWhiskConsole(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapPoolEndpoints();
        if (!app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.Enabled)
        {
            return app;
        }

        app.UseMiddleware<ConsoleOrigin>();
        var files = new EmbeddedFileProvider(typeof(ConsoleRegistration).Assembly, ResourcePrefix);
        app.MapGet(Path, (HttpContext context) => Results.Redirect(Path + "/" + context.Request.QueryString));
        app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = Path, FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions
        {
            RequestPath = Path,
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers.CacheControl = "no-cache";
                var api = ConsoleOrigin.ApiUrl(context.Context, context.Context.RequestServices.GetRequiredService<IOptions<ConsoleOptions>>().Value);
                headers.ContentSecurityPolicy = string.Format(CultureInfo.InvariantCulture, ContentSecurityPolicy, api.Length > 0 ? " " + api : string.Empty);
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }
}
