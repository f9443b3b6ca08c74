using Microsoft.Extensions.Options;
using OpenWhisk.Spi.Messaging;
using OpenWhisk.Spi.Toolkit.Messaging;
using OpenWhisk.TestKit.Messaging;

namespace OpenWhisk.Spi.Toolkit.Tests.Messaging;

[TestFixture]
public sealed class InMemoryMessagingConformanceTests : MessagingProviderConformanceTests
{
    protected override Task<IMessagingProvider> CreateProviderAsync() =>
        Task.FromResult<IMessagingProvider>(new InMemoryMessagingProvider(Options.Create(new InMemoryMessagingOptions()), TimeProvider.System));
}
