using OpenWhisk.Runtime.Dotnet;

// OpenWhisk.NET's action proxy for .NET: OpenWhisk's action protocol on port 8080, or only on the Unix socket named
// by __OW_PROXY_SOCKET when the platform mounted one (no TCP port then).
//   POST /init  {"value": {"name", "main", "code", "binary", "env"}}   -> 200 {"OK": true}
//   POST /run   {"value": {...}, "namespace", "action_name", ...}       -> 200 <the method's result>
// main is OpenWhisk's "Assembly::Namespace.Type::Method"; code is the zipped output of `dotnet publish`.
// With __OW_LOG_FILE the console's lines go to that file as json-file entries (ProxyLogFile).
using var logFile = ProxyLogFile.FromEnvironment();
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var socketPath = Environment.GetEnvironmentVariable("__OW_PROXY_SOCKET");
var proxyPort = int.TryParse(Environment.GetEnvironmentVariable("__OW_PROXY_PORT"), out var port) ? port : 8080;
builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Limits.MaxRequestBodySize = null;
    kestrel.Limits.KeepAliveTimeout = TimeSpan.FromDays(1);
    kestrel.Limits.RequestHeadersTimeout = TimeSpan.FromDays(1);
    kestrel.Limits.MinRequestBodyDataRate = null;
    kestrel.Limits.MinResponseDataRate = null;
    if (string.IsNullOrEmpty(socketPath))
    {
        kestrel.ListenAnyIP(proxyPort);
    }
    else
    {
        File.Delete(socketPath);
        kestrel.ListenUnixSocket(socketPath);
    }
});

var app = builder.Build();
var proxy = new ActionProxy(new ActionLoader(), logFile);
app.Run(proxy.HandleAsync);
if (!string.IsNullOrEmpty(socketPath))
{
    // The platform may connect as another user than this container's.
    app.Lifetime.ApplicationStarted.Register(() =>
    {
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(socketPath, (UnixFileMode)0b110_110_110);
        }
    });
}

using var relay = ApiHostRelay.Start(
    Environment.GetEnvironmentVariable("__OW_API_HOST"),
    Environment.GetEnvironmentVariable("__OW_API_SOCKET"),
    string.IsNullOrEmpty(socketPath) ? proxyPort : null);
await app.RunAsync();
