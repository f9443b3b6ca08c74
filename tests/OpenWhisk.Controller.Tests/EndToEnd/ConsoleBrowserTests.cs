using System.Text.RegularExpressions;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using OpenWhisk.Controller.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenWhisk.Controller.Tests.EndToEnd;

/// <summary>
/// The web console at <c>/console</c> of the real standalone platform (Docker), in headless Chromium driven by
/// Playwright: sign in, write and run an action, find its activation, watch its container in the pool view.
/// Each page's screenshot is saved under <c>artifacts/console/</c>.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed partial class ConsoleBrowserTests : StandaloneFixture
{
    private ConsoleBrowser browser = null!;

    protected override IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["Invoker:Pool:PauseGrace"] = "00:00:06",
    };

    protected override async Task OnStartedAsync() => browser = await ConsoleBrowser.LaunchAsync();

    [OneTimeTearDown]
    public async Task CloseBrowserAsync()
    {
        if (browser is not null)
        {
            await browser.DisposeAsync();
        }
    }

    [Test]
    [Order(1)]
    public async Task A_wrong_key_is_refused_with_an_error_and_nothing_is_stored()
    {
        var page = await browser.NewPageAsync(Platform.BaseAddress);
        await page.GotoAsync("/console/");
        await page.GetByLabel("Namespace key").FillAsync("23bc46b1-71f6-4ed5-8c54-816aa4f8c502:wrong");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("That key was not accepted");
        Assert.That(await page.EvaluateAsync<int>("sessionStorage.length"), Is.Zero);
        await ConsoleBrowser.ScreenshotAsync(page, "sign-in-error");
        await page.Context.CloseAsync();
    }

    [Test]
    [Order(2)]
    public async Task A_developer_creates_an_action_invokes_it_and_finds_its_activation()
    {
        var page = await SignInAsync(StandaloneProcess.GuestKey);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Actions", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Pool" })).ToBeHiddenAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "New action" }).ClickAsync();
        await page.GetByLabel("Name", new() { Exact = true }).FillAsync("console-hello");
        await page.GetByLabel("Kind").SelectOptionAsync("nodejs:20");
        await page.Locator("#action-code").FillAsync(
            "function main(params) {\n  console.log('greeting ' + params.name);\n  return { greeting: 'hello ' + params.name };\n}\n");
        await Expect(page.Locator(".editor-highlight .tok-keyword").First).ToHaveTextAsync("function");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(new Regex("#/actions/console-hello$"));
        await Expect(page.Locator("#status")).ToContainTextAsync("Saved console-hello");

        await page.Locator("#invoke-payload").FillAsync("{\"name\": \"browser\"}");
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke" }).ClickAsync();
        var output = page.Locator(".invoke-output");
        await Expect(output.Locator("pre.result")).ToContainTextAsync("\"greeting\": \"hello browser\"", new() { Timeout = 60_000 });
        await Expect(output.Locator("pre.logs")).ToContainTextAsync("greeting browser");
        await Expect(output.Locator(".badge")).ToHaveTextAsync("success");
        await Expect(output.Locator(".facts")).ToContainTextAsync("cold");
        await ConsoleBrowser.ScreenshotAsync(page, "action");

        // A second run is warm.
        await page.GetByRole(AriaRole.Button, new() { Name = "Invoke" }).ClickAsync();
        await Expect(output.Locator(".facts dd.warm")).ToHaveTextAsync("warm", new() { Timeout = 60_000 });
        var (_, stored) = await Guest.GetJsonAsync("/api/v1/namespaces/_/actions/console-hello");
        Assert.That(stored.GetProperty("exec").GetProperty("code").GetString(), Does.Contain("console.log('greeting '"));

        await page.GetByRole(AriaRole.Link, new() { Name = "Activations", Exact = true }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("console-hello");
        var rows = page.Locator("table[aria-label=Activations] tbody tr");
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.First).ToContainTextAsync("success");
        await ConsoleBrowser.ScreenshotAsync(page, "activations");

        await rows.Last.Locator("a.activation-id").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "console-hello", Level = 1 })).ToBeVisibleAsync();
        await Expect(page.Locator("pre.logs")).ToContainTextAsync("greeting browser");
        await Expect(page.Locator("table.annotations")).ToContainTextAsync("waitTime");
        await Expect(page.Locator(".timeline-bar .phase-init")).ToBeVisibleAsync();
        await ConsoleBrowser.ScreenshotAsync(page, "activation");
        await page.Context.CloseAsync();
    }

    [Test]
    [Order(3)]
    public async Task The_actions_page_shows_packages_sequences_triggers_and_rules_and_a_sequence_expands_into_its_components()
    {
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/packages/tools", new { });
        Assert.That((await Guest.PutActionAsync("tools/double", "nodejs:20", "function main(p) { return { n: (p.n || 1) * 2 }; }")).Status, Is.EqualTo(200));
        var (created, _) = await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/actions/twice", new { exec = new { kind = "sequence", components = new[] { "/guest/tools/double", "/guest/tools/double" } } });
        Assert.That(created, Is.EqualTo(200));
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/triggers/tick", new { });
        await Guest.SendJsonAsync(HttpMethod.Put, "/api/v1/namespaces/_/rules/on-tick", new { trigger = "/_/tick", action = "/_/console-hello" });
        var (invoked, record) = await Guest.InvokeAsync("twice", new { n = 3 });
        Assert.That(invoked, Is.EqualTo(200), record.ToString());

        var page = await SignInAsync(StandaloneProcess.GuestKey);
        var actions = page.Locator("table[aria-label=Actions]");
        await Expect(actions.Locator("tbody tr")).ToHaveCountAsync(3, new() { Timeout = 10_000 });
        await Expect(actions.Locator("tbody tr td:first-child")).ToHaveTextAsync(["console-hello", "tools/double", "twice"]);
        await Expect(actions.Locator("tr", new() { HasText = "twice" })).ToContainTextAsync("sequence");
        await Expect(page.Locator("ul[aria-label=Packages]")).ToContainTextAsync("tools");
        await Expect(page.Locator("ul[aria-label=Triggers]")).ToContainTextAsync("tick");
        await Expect(page.Locator("ul[aria-label=Rules]")).ToContainTextAsync("on-tick");
        await ConsoleBrowser.ScreenshotAsync(page, "actions");

        await page.GotoAsync("/console/#/activations/" + record.GetProperty("activationId").GetString());
        var components = page.Locator("ol[aria-label=Components] li");
        await Expect(components).ToHaveCountAsync(2);
        await Expect(components.First).ToContainTextAsync("double");
        await Expect(components.Last).ToContainTextAsync("success");
        await Expect(page.Locator("pre.result")).ToContainTextAsync("\"n\": 12");
        await page.Context.CloseAsync();
    }

    [Test]
    [Order(4)]
    public async Task An_operator_sees_a_warm_container_appear_in_the_pool_and_then_pause()
    {
        var page = await SignInAsync(ServiceProcess.SystemKey);
        await page.GetByRole(AriaRole.Link, new() { Name = "Pool" }).ClickAsync();
        var invoker = page.Locator("section.invoker[data-invoker=invoker0]");
        await Expect(invoker).ToBeVisibleAsync();
        await Expect(invoker.Locator("tr[data-state=prewarm]").First).ToBeVisibleAsync();

        Assert.That((await Guest.PutActionAsync("pooled", "nodejs:20", "function main() { return { ok: true }; }")).Status, Is.EqualTo(200));
        Assert.That((await Guest.InvokeAsync("pooled")).Status, Is.EqualTo(200));
        var container = invoker.Locator("tr[data-action='guest/pooled']");
        await Expect(container).ToHaveAttributeAsync("data-state", "warm");
        await Expect(page.Locator(".state-counts li[data-state=warm] .count")).Not.ToHaveTextAsync("0");
        await Expect(container).ToHaveAttributeAsync("data-state", "paused", new() { Timeout = 30_000 });
        await Expect(page.Locator("figure.chart-figure")).ToHaveCountAsync(2);
        await Expect(page.Locator("figure.chart-figure path.line").First).ToBeAttachedAsync(new() { Timeout = 15_000 });
        await ConsoleBrowser.ScreenshotAsync(page, "pool");
        await page.Context.CloseAsync();
    }

    [Test]
    [Order(5)]
    public async Task In_a_narrow_window_no_page_scrolls_sideways()
    {
        var page = await SignInAsync(StandaloneProcess.GuestKey, width: 375);
        foreach (var hash in new[] { "#/actions", "#/actions/console-hello", "#/activations" })
        {
            await page.GotoAsync("/console/" + hash);
            await Expect(page.Locator("main h1")).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            var overflow = await page.EvaluateAsync<int>("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            Assert.That(overflow, Is.LessThanOrEqualTo(0), hash + " is wider than the window");
        }

        await ConsoleBrowser.ScreenshotAsync(page, "narrow");
        await page.Context.CloseAsync();
    }

    [Test]
    [Order(6)]
    public async Task The_pool_view_answers_admin_namespaces_only_and_the_pages_forbid_other_origins()
    {
        using var guest = await Guest.GetAsync(new Uri("/invokers/pool", UriKind.Relative));
        using var anonymous = await Anonymous.GetAsync(new Uri("/invokers/pool", UriKind.Relative));
        using var redirect = await Anonymous.GetAsync(new Uri("/console", UriKind.Relative));
        using var index = await Anonymous.GetAsync(new Uri("/console/", UriKind.Relative));
        using var script = await Anonymous.GetAsync(new Uri("/console/app.js", UriKind.Relative));

        Assert.Multiple(() =>
        {
            Assert.That((int)guest.StatusCode, Is.EqualTo(403));
            Assert.That((int)anonymous.StatusCode, Is.EqualTo(401));
            Assert.That((int)redirect.StatusCode, Is.AnyOf(301, 302));
            Assert.That(redirect.Headers.Location?.ToString(), Does.EndWith("/console/"));
            Assert.That((int)index.StatusCode, Is.EqualTo(200));
            Assert.That(index.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/html"));
            Assert.That(index.Headers.GetValues("Content-Security-Policy").Single(), Does.Contain("default-src 'self'").And.Contain("frame-ancestors 'none'"));
            Assert.That(index.Headers.Contains("Access-Control-Allow-Origin"), Is.False);
            Assert.That(script.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/javascript"));
        });
    }

    [Test]
    [Order(7)]
    public async Task Every_page_passes_axe_s_accessibility_rules()
    {
        var signIn = await browser.NewPageAsync(Platform.BaseAddress);
        await signIn.GotoAsync("/console/");
        await Expect(signIn.GetByLabel("Namespace key")).ToBeVisibleAsync();
        await AssertAccessibleAsync(signIn, "sign-in");
        await signIn.Context.CloseAsync();

        var page = await SignInAsync(ServiceProcess.SystemKey);
        Assert.That((await Guest.PutActionAsync("axe", "nodejs:20", "function main() { return { ok: true }; }")).Status, Is.EqualTo(200));
        var (_, record) = await Guest.InvokeAsync("axe");
        var pages = new (string Hash, string Ready)[]
        {
            ("#/actions", "main h1"),
            ("#/actions/new", "#action-code"),
            ("#/activations", "main h1"),
            ("#/pool", "section.invoker"),
        };
        foreach (var (hash, ready) in pages)
        {
            await page.GotoAsync("/console/" + hash);
            await Expect(page.Locator(ready).First).ToBeVisibleAsync();
            await AssertAccessibleAsync(page, hash);
        }

        var guest = await SignInAsync(StandaloneProcess.GuestKey);
        await guest.GotoAsync("/console/#/actions/axe");
        await Expect(guest.Locator("#invoke")).ToBeVisibleAsync();
        await AssertAccessibleAsync(guest, "action editor");
        await guest.GotoAsync("/console/#/activations/" + record.GetProperty("activationId").GetString());
        await Expect(guest.Locator("table.annotations")).ToBeVisibleAsync();
        await AssertAccessibleAsync(guest, "activation");
        await page.Context.CloseAsync();
        await guest.Context.CloseAsync();
    }

    private static async Task AssertAccessibleAsync(IPage page, string name)
    {
        var results = await page.RunAxe();
        Assert.That(results.Passes, Is.Not.Empty, "axe ran its rules on " + name);
        foreach (var violation in results.Violations)
        {
            TestContext.Out.WriteLine($"{name}: {violation.Id} ({violation.Impact}): {violation.Help}");
        }

        var violations = results.Violations
            .Select(v => $"{v.Id} ({v.Impact}): {v.Help} at {string.Join(" | ", v.Nodes.Select(n => n.Html))}")
            .ToList();
        Assert.That(violations, Is.Empty, name);
    }

    /// <summary>Signs in with the keyboard alone: the key field has the focus, Enter submits.</summary>
    private async Task<IPage> SignInAsync(string key, int width = 1280)
    {
        var page = await browser.NewPageAsync(Platform.BaseAddress, width);
        await page.GotoAsync("/console/");
        await Expect(page.GetByLabel("Namespace key")).ToBeFocusedAsync();
        await page.Keyboard.TypeAsync(key);
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#namespace")).ToBeVisibleAsync();
        return page;
    }
}
