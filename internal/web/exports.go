package web

import (
	"bytes"
	"fmt"
	"net/http"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

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
	err = f.Write(&buf, entries, publish.Options{Lang: language.Make(string(L.Lang())), Title: L.T("org.list_title")})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", f.ContentType)
	w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="organizations.%s"`, f.Name))
	w.Write(buf.Bytes())
	return nil
}
