using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace OpenWhisk.Common.Hosting;

/// <summary>Console logging in one line per entry, with UTC timestamps.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// The category of ASP.NET Core's "Request starting/finished" lines: they carry whole URLs, whose query strings
    /// hold web actions' parameters, so they are never logged (the rules are added after the configuration's, for
    /// all providers and for the console's, so they win even over a setting for this very category). It is off at
    /// every level: while it is on at any, ASP.NET Core starts a diagnostic <c>Activity</c> and a log scope for
    /// every request, for nobody (the one other line of the category, a startup failure, also ends the process with
    /// the exception on standard error). Traces (<c>Telemetry:Traces</c>) still get their activities.
    /// </summary>
    public const string RequestUrlCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Replaces the default providers with a single-line console logger (<c>Logging:Format</c> <c>text</c>, the
    /// default) or one JSON object per line with the transaction id from the scope (<c>json</c>), and keeps request
    /// URLs (which may carry secrets) out of the log at every level.
    /// </summary>
    /// <param name="logging">The logging builder.</param>
    /// <param name="configuration">The configuration (<c>Logging:Format</c>).</param>
    /// <returns>The logging builder.</returns>
    public static ILoggingBuilder AddOpenWhiskConsole(this ILoggingBuilder logging, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(logging);
        ArgumentNullException.ThrowIfNull(configuration);
        var format = configuration["Logging:Format"]?.Trim();
        var json = string.Equals(format, "json", StringComparison.OrdinalIgnoreCase);
        if (!json && !string.IsNullOrEmpty(format) && !string.Equals(format, "text", StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"Logging:Format '{format}' is neither text nor json.");
        }

        logging.ClearProviders();
        logging.Services.AddSingleton(new LogFormat(json));
        if (json)
        {
            logging.AddJsonConsole(options =>
            {
                options.IncludeScopes = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                options.JsonWriterOptions = new System.Text.Json.JsonWriterOptions { Indented = false };
            });
        }
        else
        {
            logging.AddSimpleConsole(options =>
            {
                options.SingleLine = true;
                options.UseUtcTimestamp = true;
                options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            });
        }

        // A rule for the console provider beats any rule for all providers, so both are set: configuration of either
        // kind (Logging:LogLevel or Logging:Console:LogLevel) comes earlier and loses to these.
        logging.AddFilter(RequestUrlCategory, LogLevel.None);
        logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(RequestUrlCategory, LogLevel.None);
        return logging;
    }
}
