using Microsoft.Extensions.Logging;

namespace OpenWhisk.Common.Hosting;

/// <summary>Console logging in one line per entry, with UTC timestamps.</summary>
public static class ConsoleLogging
{
    /// <summary>
    /// The category of ASP.NET Core's "Request starting/finished" lines: they carry whole URLs, whose query strings
    /// hold web actions' parameters, so they are never logged (the rule is added after the configuration's, so it
    /// wins even over a setting for this very category).
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
        logging.AddFilter(RequestUrlCategory, LogLevel.Warning);
        return logging;
    }
}
