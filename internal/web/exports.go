package web

import (
	"bytes"
	"fmt"
	"net/http"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

// warnUndrawn logs the texts that a PDF just written, what, draws with
// placeholders, so that staff learn of them.
func (s *Server) warnUndrawn(what string, undrawn []publish.Undrawn) {
	if len(undrawn) > 0 {
		s.log.Warn("a PDF shows these texts with placeholders: none of its fonts has some of their characters",
			"pdf", what, "texts", publish.TextsOf(undrawn))
	}
}

// exportOrganizations downloads the registry in the coalition's format.
func (s *Server) exportOrganizations(w http.ResponseWriter, r *http.Request) error {
	f, ok := publish.FormatNamed(r.PathValue("format"))
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no export format %q", r.PathValue("format"))
	}
	all, err := s.store.AllOrganizations(r.Context())
	if err != nil {
		return err
	}
	entries := make([]orglist.Entry, len(all))
	for i, o := range all {
		entries[i] = o.Entry()
	}
	L := visitorFrom(r).printer
	var buf bytes.Buffer
	lang := language.Make(string(L.Lang()))
	if err := f.Write(&buf, entries, publish.Options{Lang: lang, Title: L.T("org.list_title")}); err != nil {
		return err
	}
	if f.Name == "pdf" {
		s.warnUndrawn("the registry", publish.UndrawnEntries(entries, lang))
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="organizations.%s"`, f.Name))
	w.Write(buf.Bytes())
	return nil
}
