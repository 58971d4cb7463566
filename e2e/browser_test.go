package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/chromedp"

	"github.com/r2p-coalition/r2p/internal/demo"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
	"github.com/r2p-coalition/r2p/internal/web"
)

// The screens every page is checked on: a small phone and a laptop.
const (
	phoneWidth, phoneHeight     = 360, 740
	desktopWidth, desktopHeight = 1280, 800
)

// stepTimeout bounds each step once the browser runs, so that a page that
// never comes fails the step rather than the whole test's deadline.
const stepTimeout = 15 * time.Second

// findChromium returns the path of Chromium. Without it the test skips
// loudly, or fails under CI=true, where a missing browser is a broken setup.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	msg := "e2e: NO CHROMIUM ON PATH (looked for chromium and chromium-browser): THE BROWSER TESTS DID NOT RUN. " +
		"Install it (apt-get install chromium) or run scripts/test.sh, which does."
	if os.Getenv("CI") == "true" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

// app is r2p serving on 127.0.0.1.
type app struct {
	URL       string        // the base URL, without a trailing slash
	SetupLink string        // the first administrator's one-time link
	Mail      <-chan string // with withMail: each message the SMTP server received, as its raw text
	clock     *clock
}

// clock is the app's time: the real time plus an offset a test moves
// forward instead of sleeping.
type clock struct {
	mu     sync.Mutex
	offset time.Duration
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return time.Now().Add(c.offset)
}

// Advance moves the app's time forward.
func (a app) Advance(d time.Duration) {
	a.clock.mu.Lock()
	a.clock.offset += d
	a.clock.mu.Unlock()
}

// startApp serves r2p from a fresh SQLite database on a loopback port and
// creates the first administrator, as `r2p serve` does at its first start.
// withMail also runs the outbox worker, sending through a real SMTP server
// on loopback whose messages arrive on app.Mail.
func startApp(ctx context.Context, t *testing.T, adminEmail string, withMail bool) app {
	t.Helper()
	st := storetest.SQLite(t)
	ts := httptest.NewUnstartedServer(nil)
	base := "http://" + ts.Listener.Addr().String()
	c := &clock{}
	a := app{URL: base, clock: c}
	log := slog.New(slog.NewTextHandler(t.Output(), nil))
	opts := web.Options{
		BaseURL:       base,
		SecureCookies: true, // browsers keep Secure cookies for http://127.0.0.1
		Logger:        log,
		Now:           c.Now,
	}
	if withMail {
		var wake func()
		a.Mail, wake = startMail(ctx, t, st, log)
		opts.SMTP, opts.WakeMailer = true, wake
	}
	srv, err := web.New(st, states.Default(), opts)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := demo.Load(ctx, st); err != nil {
		t.Fatalf("loading the demo campaign: %v", err)
	}
	link, err := srv.EnsureAdmin(ctx, adminEmail)
	if err != nil || link == "" {
		t.Fatalf("EnsureAdmin(%q) = %q, %v; want a setup link", adminEmail, link, err)
	}
	ts.Config.Handler = srv
	ts.Start()
	t.Cleanup(ts.Close)
	a.SetupLink = link
	return a
}

// browser is one Chromium tab on the app. Its helpers stop the test when
// the browser cannot do what a person would, and report wrong content
// without stopping.
type browser struct {
	t     *testing.T
	tab   context.Context
	base  string
	shots []string // directories the screenshots are written to
	pages int      // pages checked so far, to number the screenshots

	mu         sync.Mutex
	violations []string // Content-Security-Policy violations not yet reported
}

// newBrowser starts headless Chromium with a fresh profile and a phone-sized
// screen. The browser stops when the test ends.
func newBrowser(ctx context.Context, t *testing.T, chromium, base string) *browser {
	t.Helper()
	// The defaults run headless, with no first-run tasks, background
	// networking or sync: the tests must not need the network.
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox, // tests run as root in containers and CI
		chromedp.DisableGPU,
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("accept-lang", "en"), // the flow starts in English on any machine
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(allocCtx)
	t.Cleanup(cancelTab)

	b := &browser{t: t, tab: tab, base: base, shots: []string{t.TempDir()}}
	if dir := os.Getenv("R2P_SCREENSHOTS"); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
		b.shots = append(b.shots, dir)
	}
	// The first action starts the browser: it runs on the test's context,
	// not a step's, which would stop the browser when the step ends.
	if err := chromedp.Do(tab, phone()); err != nil {
		t.Fatalf("starting %s: %v", chromium, err)
	}
	if err := chromedp.Listen(tab, b.watch); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(b.reportViolations)
	t.Logf("screenshots: %s", strings.Join(b.shots, " and "))
	return b
}

func phone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(phoneWidth, phoneHeight, chromedp.EmulateMobile, chromedp.EmulatePortrait)
}

func desktop() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(desktopWidth, desktopHeight)
}

// watch notes the Content-Security-Policy violations the browser reports,
// such as an inline style the policy blocks. It runs on chromedp's reading
// goroutine, so it only takes notes.
func (b *browser) watch(ev any) {
	if e, ok := ev.(*log.EventEntryAdded); ok && e.Entry.Source == log.EntrySourceSecurity {
		v := e.Entry.Text
		if e.Entry.URL != "" {
			v = e.Entry.URL + ": " + v
		}
		b.mu.Lock()
		b.violations = append(b.violations, v)
		b.mu.Unlock()
	}
}

func (b *browser) reportViolations() {
	b.t.Helper()
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, v := range b.violations {
		b.t.Errorf("the browser reported: %s", v)
	}
	b.violations = nil
}

// do runs actions that stay on the page, such as typing.
func (b *browser) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads the page at path and checks the HTTP status of the page it
// ends on, after any redirect.
func (b *browser) open(path string, wantStatus int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	if res.Status != int64(wantStatus) {
		b.t.Fatalf("open %s: status %d, want %d", path, res.Status, wantStatus)
	}
}

// click clicks the element the CSS selector matches, waits for the page
// that follows, and checks its HTTP status.
func (b *browser) click(selector string, wantStatus int) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(selector)))
	if err != nil {
		b.t.Fatalf("on %s, click %s: %v", b.location(), selector, err)
	}
	if res.Status != int64(wantStatus) {
		b.t.Fatalf("on %s, click %s: status %d, want %d", b.location(), selector, res.Status, wantStatus)
	}
}

// typeInto types text into the field, key by key.
func (b *browser) typeInto(selector, text string) {
	b.t.Helper()
	b.do("type into "+selector, chromedp.SendKeys(chromedp.CSS(selector), text))
}

// choose picks the option with the value in a <select>.
func (b *browser) choose(selector, value string) {
	b.t.Helper()
	b.do("choose "+value+" in "+selector, chromedp.SetValue(chromedp.CSS(selector), value))
}

// evaluate runs a JavaScript expression in the page. Reading the page
// needs no waiting: the helpers that load a page return once it has loaded.
func evaluate[T any](b *browser, expression string) T {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expression))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", expression, err)
	}
	return v
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// location is the path and query of the page.
func (b *browser) location() string {
	b.t.Helper()
	return evaluate[string](b, `location.pathname + location.search`)
}

// texts returns the text a person sees in each element the CSS selector
// matches, with white space collapsed.
func (b *browser) texts(selector string) []string {
	b.t.Helper()
	return evaluate[[]string](b, `[...document.querySelectorAll(`+jsString(selector)+`)].map(e => e.innerText.replace(/\s+/g, " ").trim())`)
}

// text is the text of the first element the selector matches; the test
// stops if there is none.
func (b *browser) text(selector string) string {
	b.t.Helper()
	texts := b.texts(selector)
	if len(texts) == 0 {
		b.t.Fatalf("%s: nothing matches %s", b.location(), selector)
	}
	return texts[0]
}

func (b *browser) expectLocation(want string) {
	b.t.Helper()
	if got := b.location(); got != want {
		b.t.Fatalf("the browser is on %s, want %s", got, want)
	}
}

func (b *browser) expectText(selector, want string) {
	b.t.Helper()
	if got := b.text(selector); got != want {
		b.t.Errorf("%s: %s reads %q, want %q", b.location(), selector, got, want)
	}
}

func (b *browser) expectHeading(want string) {
	b.t.Helper()
	b.expectText("h1", want)
}

func (b *browser) expectLang(want string) {
	b.t.Helper()
	if got := evaluate[string](b, `document.documentElement.lang`); got != want {
		b.t.Errorf("%s: <html lang=%q>, want %q", b.location(), got, want)
	}
}

// expectNo checks that nothing on the page matches the selector.
func (b *browser) expectNo(selector string) {
	b.t.Helper()
	if n := len(b.texts(selector)); n > 0 {
		b.t.Errorf("%s: %d elements match %s, want none", b.location(), n, selector)
	}
}

// measureWidth measures the page against the screen. Besides the numbers,
// it names the first few elements that reach past the right edge, leaving
// out those inside a box that scrolls or clips sideways, such as a wide
// table in its .table-wrap.
const measureWidth = `(() => {
	const root = document.documentElement;
	const contained = e => {
		for (let p = e.parentElement; p && p !== root; p = p.parentElement) {
			if (getComputedStyle(p).overflowX !== "visible") return true;
		}
		return false;
	};
	const past = [...document.body.querySelectorAll("*")]
		.filter(e => e.getBoundingClientRect().right > root.clientWidth + 0.5 && !contained(e))
		.slice(0, 5)
		.map(e => e.tagName.toLowerCase() + (e.id ? "#" + e.id : "") +
			(typeof e.className === "string" && e.className.trim() ? "." + e.className.trim().split(/\s+/).join(".") : "") +
			" " + JSON.stringify((e.innerText || "").trim().slice(0, 40)));
	return {scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, past: past};
})()`

type pageWidth struct {
	ScrollWidth, ClientWidth int64
	Past                     []string
}

// check looks at the page a person has reached, on a phone and on a laptop:
// it must not scroll sideways on either, and the browser must have reported
// no policy violation. A full-length screenshot at each width is saved as
// NN-name-WIDTH.png.
func (b *browser) check(name string) {
	b.t.Helper()
	b.pages++
	screens := []struct {
		width  int64
		resize chromedp.Action[chromedp.Void]
	}{{phoneWidth, nil}, {desktopWidth, desktop()}}
	for _, screen := range screens {
		if screen.resize != nil {
			b.do(fmt.Sprintf("resize to %d px", screen.width), screen.resize)
		}
		w := evaluate[pageWidth](b, measureWidth)
		if w.ClientWidth != screen.width || w.ScrollWidth > screen.width {
			b.t.Errorf("%s (%s) at %d px: the page is %d px wide in a %d px viewport; reaching past the edge: %s",
				name, b.location(), screen.width, w.ScrollWidth, w.ClientWidth, strings.Join(w.Past, ", "))
		}
		b.screenshot(fmt.Sprintf("%02d-%s-%d.png", b.pages, name, screen.width))
	}
	b.do("resize back to the phone", phone())
	b.reportViolations()
}

func (b *browser) screenshot(file string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.tab, stepTimeout)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", file, err)
	}
	for _, dir := range b.shots {
		if err := os.WriteFile(filepath.Join(dir, file), png, 0o644); err != nil {
			b.t.Fatal(err)
		}
	}
}
