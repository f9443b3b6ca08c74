using Microsoft.Extensions.Logging;

namespace OpenWhisk.Common.Hosting;

/// <summary>Console logging in one line per entry, with UTC timestamps.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// The category of ASP.NET Core's "Request starting/finished" lines: they carry whole URLs, whose query strings
    /// hold web actions' parameters, so they are never logged (the rules are added after the configuration's, for
    /// all providers and for the console's, so they win even over a setting for this very category).
    /// </summary>
    public const string RequestUrlCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Replaces the default providers with a single-line console logger, and keeps request URLs (which may carry
    /// secrets) out of the log at every level.
    /// </summary>
    /// <param name="logging">The logging builder.</param>
    /// <returns>The logging builder.</returns>
    public static ILoggingBuilder AddOpenWhiskConsole(this ILoggingBuilder logging)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddSimpleConsole(options =>
        {
            options.SingleLine = true;
            options.UseUtcTimestamp = true;
            options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        });
        // A rule for the console provider beats any rule for all providers, so both are set: configuration of either
        // kind (Logging:LogLevel or Logging:Console:LogLevel) comes earlier and loses to these.
        logging.AddFilter(RequestUrlCategory, LogLevel.Warning);
        logging.AddFilter<Microsoft.Extensions.Logging.Console.ConsoleLoggerProvider>(RequestUrlCategory, LogLevel.Warning);
        return logging;
    }
}
