namespace OpenWhisk.Plugins.Docker;

/// <summary>What a runtime image's proxy announces it can do, by its image labels.</summary>
[Flags]
internal enum ProxyFeatures
{
    /// <summary>Nothing beyond OpenWhisk's protocol on TCP port 8080.</summary>
    None = 0,

    /// <summary>The protocol on the Unix socket <c>__OW_PROXY_SOCKET</c> names (label <c>net.openwhisk.transport.unix</c>).</summary>
    Socket = 1,

    /// <summary>Log lines appended to the file <c>__OW_LOG_FILE</c> names (label <c>net.openwhisk.logs.file</c>).</summary>
    LogFile = 2,
}
