package web

import (
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
	"github.com/r2p-coalition/r2p/internal/store"
)

type codebookData struct {
	Active   coding.CodebookVersion
	Source   string // as shown in the editor: the active version, or what was typed
	Problems []codebook.Problem
	Versions []coding.CodebookVersion
	Saved    bool
}

// codebookPage shows the active codebook in an editor, with the versions
// there have been.
func (s *Server) codebookPage(w http.ResponseWriter, r *http.Request) error {
	d, err := s.codebookData(r)
	if err != nil {
		return err
	}
	d.Source, d.Saved = d.Active.Source, r.URL.Query().Get("saved") == "1"
	return s.render(w, r, http.StatusOK, "codebook", d)
}

func (s *Server) codebookData(r *http.Request) (codebookData, error) {
	active, _, err := s.coder.Active(r.Context())
	if err != nil {
		return codebookData{}, err
	}
	versions, err := s.store.Codebooks(r.Context())
	return codebookData{Active: active, Versions: versions}, err
}

// saveCodebook checks the edited codebook and, when it loads without a
// problem, makes it the active version (audited); the background coder
// then codes every statement again. A codebook with problems is shown
// again with each problem at its line, and nothing is saved.
func (s *Server) saveCodebook(w http.ResponseWriter, r *http.Request) error {
	v := visitorFrom(r)
	source := strings.ReplaceAll(r.PostFormValue("source"), "\r\n", "\n")
	d, err := s.codebookData(r)
	if err != nil {
		return err
	}
	d.Source = source
	version, _, err := coding.NewCodebookVersion(codebook.DefaultName, []byte(source), v.actor())
	var loadErr *codebook.LoadError
	if errors.As(err, &loadErr) {
		d.Problems = loadErr.Problems
		return s.render(w, r, http.StatusUnprocessableEntity, "codebook", d)
	}
	if err != nil {
		return err
	}
	if version.Hash == d.Active.Hash {
		http.Redirect(w, r, "/admin/codebook?saved=1", http.StatusSeeOther)
		return nil // the same file: nothing to code again
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		_, err := tx.SaveCodebook(r.Context(), v.actor(), version)
		return err
	})
	if err != nil {
		return fmt.Errorf("saving the codebook: %w", err)
	}
	s.opts.WakeCoder()
	http.Redirect(w, r, "/admin/codebook?saved=1", http.StatusSeeOther)
	return nil
}
