using OpenWhisk.Spi.Messaging;
using OpenWhisk.TestKit.Messaging;

namespace PluginProjectName.Tests;

/// <summary>The behaviour every messaging provider must have, checked against <see cref="PluginMessagingProvider"/>.</summary>
[TestFixture]
public sealed class PluginMessagingProviderConformanceTests : MessagingProviderConformanceTests
{
    /// <inheritdoc />
    protected override Task<IMessagingProvider> CreateProviderAsync() => Task.FromResult<IMessagingProvider>(new PluginMessagingProvider());
}
