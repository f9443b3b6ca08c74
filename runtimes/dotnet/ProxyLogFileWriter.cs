using System.Text;

namespace OpenWhisk.Runtime.Dotnet;

/// <summary>The console's stdout or stderr writer when the lines go to a <see cref="ProxyLogFile"/>.</summary>
internal sealed class ProxyLogFileWriter(ProxyLogFile logFile, int stream) : TextWriter
{
    public override Encoding Encoding => Encoding.UTF8;

    public override void Write(char value) => logFile.Append(stream, [value]);

    public override void Write(string? value) => logFile.Append(stream, value);

    public override void Write(char[] buffer, int index, int count) => logFile.Append(stream, buffer.AsSpan(index, count));

    public override void Write(ReadOnlySpan<char> buffer) => logFile.Append(stream, buffer);

    public override void WriteLine(string? value) => logFile.Append(stream, (value ?? string.Empty) + NewLine);
}
