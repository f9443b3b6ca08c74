namespace HelloPlugin;

/// <summary>Settings of the hello scheduling policy, bound from the <c>HelloScheduling</c> configuration section.</summary>
public sealed class HelloSchedulingOptions
{
    /// <summary>Gets or sets the prefix of the action names whose containers are kept longer.</summary>
    public string LongLivedPrefix { get; set; } = "keep-";

    /// <summary>Gets or sets how long their idle containers are kept.</summary>
    public TimeSpan LongLivedKeepAlive { get; set; } = TimeSpan.FromHours(1);
}
