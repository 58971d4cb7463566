package web

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"unicode/utf8"

	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/store"
)

// The longest texts the letterhead takes, in characters.
const (
	maxCoalitionName      = 200
	maxCoalitionPlace     = 100
	maxCoalitionSignature = 200
)

// settingsData is the letterhead form.
type settingsData struct {
	Coalition mailmerge.Coalition // as stored, or as sent back with an error
	Stored    bool                // settings are stored; else letters take Fallback
	Fallback  string              // the name --coalition gives
	LogoKB    int                 // the stored logo's size, rounded up
	LogoURL   string              // its address, changing with its content
	MaxLogoKB int
	Saved     bool
	Errors    map[string]string
}

// settingsPage shows the coalition's letterhead: its name, the place and
// signature of its letters, and its logo.
func (s *Server) settingsPage(w http.ResponseWriter, r *http.Request) error {
	c, stored, err := s.storedCoalition(r)
	if err != nil {
		return err
	}
	d := s.settingsData(c, stored)
	d.Saved = r.URL.Query().Has("saved")
	return s.render(w, r, http.StatusOK, "settings", d)
}

// storedCoalition is the letterhead of /admin/settings; stored is false
// when none is.
func (s *Server) storedCoalition(r *http.Request) (c mailmerge.Coalition, stored bool, err error) {
	c, err = s.store.Coalition(r.Context())
	if errors.Is(err, store.ErrNotFound) {
		return mailmerge.Coalition{}, false, nil
	}
	return c, err == nil, err
}

func (s *Server) settingsData(c mailmerge.Coalition, stored bool) settingsData {
	d := settingsData{Coalition: c, Stored: stored, Fallback: s.opts.Coalition, MaxLogoKB: mailmerge.MaxLogoBytes >> 10}
	if len(c.Logo) > 0 {
		sum := sha256.Sum256(c.Logo)
		d.LogoKB = (len(c.Logo) + 1023) >> 10
		d.LogoURL = "/admin/settings/logo?v=" + hex.EncodeToString(sum[:6])
	}
	return d
}

// saveSettings stores the form, audited, or shows it again with the field
// that is wrong and stores nothing. A new logo replaces the stored one;
// without one, the stored logo stays unless remove_logo is ticked.
func (s *Server) saveSettings(w http.ResponseWriter, r *http.Request) error {
	L := visitorFrom(r).printer
	current, stored, err := s.storedCoalition(r)
	if err != nil {
		return err
	}
	c := mailmerge.Coalition{Name: oneLine(r.PostFormValue("name")), Place: oneLine(r.PostFormValue("place")),
		Signature: oneLine(r.PostFormValue("signature")), Logo: current.Logo}
	errs := map[string]string{}
	switch n := utf8.RuneCountInString(c.Name); {
	case n == 0:
		errs["name"] = L.T("settings.name_required")
	case n > maxCoalitionName:
		errs["name"] = L.T("settings.too_long", maxCoalitionName)
	}
	if utf8.RuneCountInString(c.Place) > maxCoalitionPlace {
		errs["place"] = L.T("settings.too_long", maxCoalitionPlace)
	}
	if utf8.RuneCountInString(c.Signature) > maxCoalitionSignature {
		errs["signature"] = L.T("settings.too_long", maxCoalitionSignature)
	}
	if r.PostFormValue("remove_logo") == "1" {
		c.Logo = nil
	}
	logo, err := uploadedLogo(r)
	switch {
	case err != nil:
		errs["logo"] = L.T("settings.bad_logo", err.Error())
	case logo != nil:
		c.Logo = logo
	}
	if len(errs) > 0 {
		d := s.settingsData(current, stored)
		d.Coalition.Name, d.Coalition.Place, d.Coalition.Signature = c.Name, c.Place, c.Signature
		d.Errors = errs
		return s.render(w, r, http.StatusUnprocessableEntity, "settings", d)
	}
	err = s.store.Transact(r.Context(), func(tx *store.Tx) error {
		return tx.SaveCoalition(r.Context(), visitorFrom(r).actor(), c)
	})
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/admin/settings?saved=1", http.StatusSeeOther)
	return nil
}

// uploadedLogo is the logo file of the form, checked with
// mailmerge.ValidateLogo; nil when none was chosen.
func uploadedLogo(r *http.Request) ([]byte, error) {
	file, _, err := r.FormFile("logo")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, mailmerge.MaxLogoBytes+1))
	if err != nil {
		return nil, err
	}
	switch {
	case len(data) == 0:
		return nil, nil
	case len(data) > mailmerge.MaxLogoBytes:
		return nil, fmt.Errorf("%w: the file is larger than %d bytes (1 MB)", mailmerge.ErrLogo, mailmerge.MaxLogoBytes)
	}
	if err := mailmerge.ValidateLogo(data); err != nil {
		return nil, err
	}
	return data, nil
}

// settingsLogo serves the stored logo, as a PNG or a JPEG.
func (s *Server) settingsLogo(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.storedCoalition(r)
	if err != nil {
		return err
	}
	if len(c.Logo) == 0 {
		return errorf(http.StatusNotFound, "not_found", "no logo is stored")
	}
	w.Header().Set("Content-Type", http.DetectContentType(c.Logo))
	w.Write(c.Logo)
	return nil
}

// oneLine is s with every run of white space made one space, trimmed.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }
