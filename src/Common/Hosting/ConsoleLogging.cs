using Microsoft.Extensions.Logging;

namespace OpenWhisk.Common.Hosting;

/// <summary>Console logging in one line per entry, with UTC timestamps.</summary>
public static class ConsoleLogging
{
    /// <summary>Replaces the default providers with a single-line console logger.</summary>
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
        return logging;
    }
}
