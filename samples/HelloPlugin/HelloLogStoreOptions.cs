namespace HelloPlugin;

/// <summary>Settings of the hello log store, bound from the <c>HelloLogs</c> configuration section.</summary>
public sealed class HelloLogStoreOptions
{
    /// <summary>Gets or sets the text put in front of every log line.</summary>
    public string Prefix { get; set; } = "hello: ";
}
