package web

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/export"
	"github.com/r2p-coalition/r2p/internal/signatory"
)

// exportFormats maps a format to its writer, content type and file suffix.
var exportFormats = map[string]struct {
	write       func(w *bytes.Buffer, entries []signatory.Entry, opt export.Options) error
	contentType string
}{
	"txt": {func(w *bytes.Buffer, e []signatory.Entry, o export.Options) error { return export.Text(w, e, o) }, "text/plain; charset=utf-8"},
	"md":  {func(w *bytes.Buffer, e []signatory.Entry, o export.Options) error { return export.Markdown(w, e, o) }, "text/markdown; charset=utf-8"},
	"html": {func(w *bytes.Buffer, e []signatory.Entry, o export.Options) error {
		return export.HTMLDocument(w, e, o)
	}, "text/html; charset=utf-8"},
	"csv": {func(w *bytes.Buffer, e []signatory.Entry, o export.Options) error {
		o.ExcelBOM = true
		return export.CSV(w, e, o)
	}, "text/csv; charset=utf-8"},
	"xlsx": {func(w *bytes.Buffer, e []signatory.Entry, o export.Options) error { return export.XLSX(w, e, o) }, "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
	"pdf":  {func(w *bytes.Buffer, e []signatory.Entry, o export.Options) error { return export.PDF(w, e, o) }, "application/pdf"},
}

// exportOrganizations downloads the registry in the coalition's format.
func (s *Server) exportOrganizations(w http.ResponseWriter, r *http.Request) error {
	format := r.PathValue("format")
	f, ok := exportFormats[format]
	if !ok {
		return errorf(http.StatusNotFound, "not_found", "no export format %q", format)
	}
	all, err := s.store.AllOrganizations(r.Context())
	if err != nil {
		return err
	}
	entries := make([]signatory.Entry, len(all))
	for i, o := range all {
		entries[i] = o.Entry()
	}
	L := visitorFrom(r).printer
	var buf bytes.Buffer
	err = f.write(&buf, entries, export.Options{Lang: language.Make(string(L.Lang())), Title: L.T("org.list_title")})
	var script *export.ScriptError
	if errors.As(err, &script) {
		return errorf(http.StatusUnprocessableEntity, "unsupported", "%s", L.T("export.script_unsupported", script.Error()))
	}
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.contentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="organizations.%s"`, format))
	w.Write(buf.Bytes())
	return nil
}
