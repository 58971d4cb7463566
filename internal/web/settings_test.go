package web_test

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/web"
)

// pngImage is a small PNG logo.
func pngImage(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 20))
	for x := range 40 {
		img.Set(x, 10, color.RGBA{0, 80, 160, 255})
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSettingsRefuseABadLogo(t *testing.T) {
	h := newHarness(t)
	admin := h.session(account.Admin)
	before, _ := h.store.CountAudit(ctx)
	form := url.Values{"name": {"Civil Society Coalition on R2P"}, "place": {"New York"}}
	res := h.postMultipart(admin, "/admin/settings", form, upload{"logo", "logo.gif", []byte("GIF89a\x01\x00\x01\x00")})
	want := `<input id="logo" type="file" name="logo" accept="image/png,image/jpeg">
    <p class="field-error" role="alert">Logo: logo not accepted: not a PNG or JPEG image. Nothing was saved.</p>`
	if res.StatusCode != 422 || !strings.Contains(res.body, want) || !strings.Contains(res.body, `value="Civil Society Coalition on R2P"`) {
		t.Errorf("a GIF logo: %s\n%s", res, res.body)
	}
	res = h.postMultipart(admin, "/admin/settings", url.Values{"name": {"  "}, "signature": {strings.Repeat("é", 200)}})
	if res.StatusCode != 422 || !strings.Contains(res.body, `<p class="field-error" role="alert">The coalition’s name is required: letters are signed with it.</p>`) ||
		strings.Contains(res.body, `At most 200 characters.`) {
		t.Errorf("no name and a signature of 200 characters: %s\n%s", res, res.body)
	}
	// Longer than the form's maxlength: only a script sends it, and the
	// field table refuses it, naming the field.
	res = h.postMultipart(admin, "/admin/settings", url.Values{"name": {"Coalition"}, "signature": {strings.Repeat("x", 201)}})
	if res.StatusCode != 422 || !strings.Contains(res.body, "Field “signature”: at most 200 characters.") {
		t.Errorf("a signature of 201 characters: %s\n%s", res, res.body)
	}
	if _, err := h.store.Coalition(ctx); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a refused form stored settings: %v", err)
	}
	if after, _ := h.store.CountAudit(ctx); after != before {
		t.Errorf("a refused form was audited: %d events, then %d", before, after)
	}
}

func TestSettingsSaveTheLetterhead(t *testing.T) {
	h := newBareHarness(t, func(o *web.Options) { o.Coalition = "Started Coalition" })
	h.users[account.Admin] = h.user(account.Admin, "admin@coalition.org", "a long enough password")
	h.users[account.Editor] = h.user(account.Editor, "editor@coalition.org", "a long enough password")
	admin := h.session(account.Admin)
	page := h.do(request{target: "/admin/settings", session: admin})
	if page.StatusCode != 200 || !strings.Contains(page.body, "No letterhead is saved yet: letters are headed with the name the server was started with, “Started Coalition”.") {
		t.Errorf("settings before any is saved: %s\n%s", page, page.body)
	}
	logo := pngImage(t)
	form := url.Values{"name": {" Civil Society\nCoalition on R2P "}, "place": {"New York"}, "signature": {"The Secretariat"}}
	res := h.postMultipart(admin, "/admin/settings", form, upload{"logo", "logo.png", logo})
	if res.StatusCode != 303 || res.Header.Get("Location") != "/admin/settings?saved=1" {
		t.Fatalf("save: %s\n%s", res, res.body)
	}
	got, err := h.store.Coalition(ctx)
	if err != nil || got.Name != "Civil Society Coalition on R2P" || got.Place != "New York" || got.Signature != "The Secretariat" || !bytes.Equal(got.Logo, logo) {
		t.Fatalf("stored %+v, %v", got, err)
	}
	events, _ := h.store.AuditEvents(ctx, store.AuditFilter{Action: "settings.update"})
	if len(events) != 1 || events[0].Actor != h.users[account.Admin].Actor() || !strings.Contains(string(events[0].After), `"bytes":`) {
		t.Errorf("audit = %+v", events)
	}
	page = h.do(request{target: "/admin/settings?saved=1", session: admin})
	if !strings.Contains(page.body, "The letterhead is saved: the next letters carry it.") || !strings.Contains(page.body, `<img src="/admin/settings/logo?v=`) {
		t.Errorf("the page after saving:\n%s", page.body)
	}
	img := h.do(request{target: "/admin/settings/logo", session: admin})
	if img.StatusCode != 200 || img.Header.Get("Content-Type") != "image/png" || img.body != string(logo) {
		t.Errorf("logo: %s, %q, %d bytes", img, img.Header.Get("Content-Type"), len(img.body))
	}

	// Saved again without a file, the logo stays; ticked off, it goes.
	if res = h.postMultipart(admin, "/admin/settings", form); res.StatusCode != 303 {
		t.Fatalf("save without a file: %s", res)
	}
	if got, _ = h.store.Coalition(ctx); !bytes.Equal(got.Logo, logo) {
		t.Error("saving without a file lost the logo")
	}
	form.Set("remove_logo", "1")
	if res = h.postMultipart(admin, "/admin/settings", form); res.StatusCode != 303 {
		t.Fatalf("save with remove_logo: %s", res)
	}
	if got, _ = h.store.Coalition(ctx); got.Logo != nil {
		t.Error("remove_logo kept the logo")
	}
	if img = h.do(request{target: "/admin/settings/logo", session: admin}); img.StatusCode != 404 {
		t.Errorf("the removed logo: %s", img)
	}

	// The letterhead is the administrators'.
	if res = h.do(request{target: "/admin/settings", session: h.session(account.Editor)}); res.StatusCode != 403 {
		t.Errorf("an editor on the settings: %s", res)
	}
}
