package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/i18n"
	"github.com/r2p-coalition/r2p/internal/letters/organization"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
)

//go:embed templates static
var files embed.FS

// pageNames are the pages there are; parsePages fails if a template file
// is missing or is not among them, and a test renders every one.
var pageNames = []string{"home", "login", "setup", "dashboard", "account", "users", "audit", "tokens", "error",
	"organizations", "organization", "organization_form", "import",
	"campaign", "signed", "confirm", "signatories", "campaigns", "campaign_admin", "campaign_form",
	"campaign_version",
	"moderation", "signature_form",
	"missions", "missions_import", "missions_form",
	"replies", "replies_upload", "delivery", "settings",
	"events", "event", "event_form", "statement", "statements_import", "search",
	"review", "code_blind", "coding_queue", "reliability", "codebook"}

func parsePages(a *assets) (map[string]*template.Template, error) {
	onDisk, err := fs.Glob(files, "templates/pages/*.html")
	if err != nil {
		return nil, err
	}
	var found []string
	for _, f := range onDisk {
		found = append(found, strings.TrimSuffix(path.Base(f), ".html"))
	}
	slices.Sort(found)
	want := slices.Sorted(slices.Values(pageNames))
	if !slices.Equal(found, want) {
		return nil, fmt.Errorf("templates/pages holds %v, but the pages are %v", found, want)
	}
	layout, err := template.New("layout").Funcs(template.FuncMap{
		"asset":      a.url,
		"join":       countryList,
		"int64":      func(n int) int64 { return int64(n) },
		"websiteURL": organization.WebsiteURL,
		"maxlen":     maxlen,
	}).ParseFS(files, "templates/layout.html")
	if err != nil {
		return nil, err
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		t, err := template.Must(layout.Clone()).ParseFS(files, "templates/pages/"+name+".html")
		if err != nil {
			return nil, err
		}
		pages[name] = t
	}
	return pages, nil
}

// countryList names countries as the organization writes them where it
// does, else by their UN names.
func countryList(labels, codes []string) string {
	return signon.Signature{Countries: codes, CountryLabels: labels}.CountryNames()
}

// pageData is what every page template gets; Data is the page's own.
type pageData struct {
	Page     string
	L        *i18n.Printer
	Lang     i18n.Lang
	Langs    []langLink
	User     *account.User
	IsAdmin  bool
	IsEditor bool
	CSRF     string
	Path     string
	Data     any
}

type langLink struct {
	Code    i18n.Lang
	Name    string
	Current bool
}

var langNames = map[i18n.Lang]string{i18n.English: "English", i18n.French: "Français", i18n.Spanish: "Español"}

// render writes a page. It renders into a buffer first, so a template error
// becomes a clean 500 instead of half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) error {
	b, err := s.renderPage(r, page, data)
	if err != nil {
		return err
	}
	writeHTML(w, status, b)
	return nil
}

func writeHTML(w http.ResponseWriter, status int, page []byte) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(status)
	w.Write(page)
}

// renderPage renders a page in the layout, for the visitor of r.
func (s *Server) renderPage(r *http.Request, page string, data any) ([]byte, error) {
	t, ok := s.pages[page]
	if !ok {
		return nil, fmt.Errorf("render: no page %q", page)
	}
	v := visitorFrom(r)
	d := pageData{Page: page, L: v.printer, Lang: v.printer.Lang(), User: v.user, CSRF: v.csrf,
		Path: r.URL.RequestURI(), Data: data}
	d.IsAdmin = v.user != nil && v.user.Role.Allows(account.Admin)
	d.IsEditor = v.user != nil && v.user.Role.Allows(account.Editor)
	for _, l := range i18n.Langs {
		d.Langs = append(d.Langs, langLink{Code: l, Name: langNames[l], Current: l == d.Lang})
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", d); err != nil {
		return nil, fmt.Errorf("render %s: %w", page, err)
	}
	return buf.Bytes(), nil
}

// assets are the static files, served under names that carry a hash of
// their content, so that they can be cached for ever.
type assets struct {
	byHashedName map[string][]byte // "app.1a2b3c4d5e.css" -> content
	urls         map[string]string // "app.css" -> "/static/app.1a2b3c4d5e.css"
}

func loadAssets() (*assets, error) {
	a := &assets{byHashedName: map[string][]byte{}, urls: map[string]string{}}
	err := fs.WalkDir(files, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := files.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(b)
		name := path.Base(p)
		ext := path.Ext(name)
		hashed := strings.TrimSuffix(name, ext) + "." + hex.EncodeToString(sum[:5]) + ext
		a.byHashedName[hashed] = b
		a.urls[name] = "/static/" + hashed
		return nil
	})
	return a, err
}

// url returns the hashed URL of a static file; templates call it as asset.
func (a *assets) url(name string) (string, error) {
	u, ok := a.urls[name]
	if !ok {
		return "", fmt.Errorf("no static file %q", name)
	}
	return u, nil
}

func (s *Server) static(w http.ResponseWriter, r *http.Request) error {
	b, ok := s.assets.byHashedName[r.PathValue("file")]
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no such file")
	}
	if ct := contentTypes[path.Ext(r.PathValue("file"))]; ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Write(b)
	return nil
}

var contentTypes = map[string]string{".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
	".svg": "image/svg+xml", ".png": "image/png"}
