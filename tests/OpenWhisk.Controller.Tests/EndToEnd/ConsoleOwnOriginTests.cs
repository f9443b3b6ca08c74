using Microsoft.Playwright;
using OpenWhisk.Controller.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The console on a port of its own (<c>Console:Port</c>): its own origin, which tenants' web pages on the API's
/// origin cannot script; it calls the API across origins.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class ConsoleOwnOriginTests : StandaloneFixture
{
    private readonly int consolePort = LoopbackPort.Free();

    private Uri ConsoleAddress => new($"http://127.0.0.1:{consolePort}");

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Console:Port"] = consolePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    [Test]
    public async Task The_console_s_port_serves_the_console_alone_and_the_api_s_port_sends_console_visitors_there()
    {
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = ConsoleAddress };
        using var root = await client.GetAsync(new Uri("/", UriKind.Relative));
        using var api = await client.GetAsync(new Uri("/api/v1/namespaces", UriKind.Relative));
        using var page = await client.GetAsync(new Uri("/console/", UriKind.Relative));
        using var config = await client.GetAsync(new Uri("/console/config.json", UriKind.Relative));
        using var redirect = await Anonymous.GetAsync(new Uri("/console/", UriKind.Relative));
        var configText = await config.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That((int)root.StatusCode, Is.EqualTo(302));
            Assert.That(root.Headers.Location?.ToString(), Is.EqualTo("/console/"));
            Assert.That((int)api.StatusCode, Is.EqualTo(404), "no API on the console's origin");
            Assert.That((int)page.StatusCode, Is.EqualTo(200));
            Assert.That(page.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("connect-src 'self' " + Platform.BaseAddress.ToString().TrimEnd('/')));
            Assert.That(configText, Does.Contain(Platform.BaseAddress.ToString().TrimEnd('/')));
            Assert.That(redirect.Headers.Location, Is.EqualTo(new Uri(ConsoleAddress, "/console/")));
        });
    }

    [Test]
    public async Task Signed_in_on_its_own_origin_the_console_lists_actions_and_the_pool_through_the_api_s_origin()
    {
        Assert.That((await Guest.PutActionAsync("elsewhere", "nodejs:20", "function main() { return {}; }")).Status, Is.EqualTo(200));
        await using var browser = await ConsoleBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(ConsoleAddress);
        await page.GotoAsync("/console/");
        await page.GetByLabel("Namespace key").FillAsync(StandaloneProcess.GuestKey);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("table[aria-label=Actions]")).ToContainTextAsync("elsewhere");

        // Signing out forgets the key; the operator signs in with the admin namespace's key in the same tab.
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        Assert.That(await page.EvaluateAsync<int>("sessionStorage.length"), Is.Zero);
        await page.GetByLabel("Namespace key").FillAsync(ServiceProcess.SystemKey);
        await page.Keyboard.PressAsync("Enter");
        await page.GetByRole(AriaRole.Link, new() { Name = "Pool" }).ClickAsync();
        await Expect(page.Locator("section.invoker[data-invoker=invoker0]")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
