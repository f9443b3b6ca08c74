using OpenWhisk.Controller.Api;
using OpenWhisk.Controller.Entities;

namespace OpenWhisk.Controller.Tests.Entities;

[TestFixture]
public sealed class BlackboxImagePolicyTests
{
    [TestCase("anything/at:all")]
    [TestCase("busybox")]
    public void An_empty_list_allows_every_image(string image) =>
        Assert.That(() => BlackboxImagePolicy.Require(image, []), Throws.Nothing);

    [TestCase("openwhisknet/action-nodejs-v20", true)]
    [TestCase("openwhisknet/action-nodejs-v20:latest", true)]
    [TestCase("openwhisknet/skeleton:1.2", true)]
    [TestCase("openwhisknet/skeleton", true)]
    [TestCase("acme/tool:2", true)]
    [TestCase("acme/tool", false)]
    [TestCase("acme/tool:3", false)]
    public void Allows_exact_images_with_latest_as_the_default_tag_and_prefixes_ending_in_a_star(string image, bool allowed)
    {
        string[] list = ["openwhisknet/action-nodejs-v20", "openwhisknet/skeleton:*", "acme/tool:2"];

        if (allowed)
        {
            Assert.That(() => BlackboxImagePolicy.Require(image, list), Throws.Nothing);
        }
        else
        {
            Assert.That(() => BlackboxImagePolicy.Require(image, list), Throws.InstanceOf<ApiException>().With.Property(nameof(ApiException.Status)).EqualTo(403));
        }
    }
}
