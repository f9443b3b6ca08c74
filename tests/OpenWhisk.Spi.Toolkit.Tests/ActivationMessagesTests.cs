using OpenWhisk.Spi.Toolkit.Activations;

namespace OpenWhisk.Spi.Toolkit.Tests;

/// <summary>OpenWhisk's error texts that plugins share.</summary>
[TestFixture]
public sealed class ActivationMessagesTests
{
    [Test]
    public void A_resource_error_with_a_reason_keeps_OpenWhisk_s_text_before_the_reason()
    {
        var message = ActivationMessages.ResourceErrorBecause("no node of the cluster can run a container of 256 MB.");

        Assert.That(message, Is.EqualTo("Failed to provision resources to run the action: no node of the cluster can run a container of 256 MB."));
    }
}
