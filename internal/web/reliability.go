package web

import (
	"bytes"
	"net/http"
	"strings"

	"github.com/r2p-coalition/r2p/internal/evidence/coding"
	"github.com/r2p-coalition/r2p/internal/store"
)

type reliabilityData struct {
	Events    []store.EventSummary
	Event     int64
	Coders    string
	Agreement coding.Agreement
	Figures   []coding.Figures // overall, stance, then each code
	Query     string           // ?event=&coders= for the download links
}

// reliabilityPage reports how far the coders agree (see coding.Compare)
// over one event's statements (?event=ID) or all, among ?coders=a,b.
func (s *Server) reliabilityPage(w http.ResponseWriter, r *http.Request) error {
	d := reliabilityData{Coders: strings.TrimSpace(r.URL.Query().Get("coders"))}
	id, err := optionalInt(r.URL.Query().Get("event"), "event")
	if err != nil {
		return err
	}
	d.Event = int64(id)
	if d.Event != 0 {
		if _, err := s.store.Event(r.Context(), d.Event); err != nil {
			return notFound(err, "event %d", d.Event)
		}
	}
	if d.Events, err = s.store.Events(r.Context(), store.EventFilter{}); err != nil {
		return err
	}
	_, cb, err := s.coder.Active(r.Context())
	if err != nil {
		return err
	}
	units, err := s.store.CodingUnits(r.Context(), d.Event)
	if err != nil {
		return err
	}
	var coders []string
	for c := range strings.SplitSeq(d.Coders, ",") {
		if c = strings.TrimSpace(c); c != "" {
			coders = append(coders, c)
		}
	}
	d.Agreement = coding.Compare(units, coding.CodeIDs(cb), coders)
	d.Figures = append([]coding.Figures{d.Agreement.Overall, d.Agreement.Stance}, d.Agreement.Codes...)
	d.Query = r.URL.RawQuery
	return s.render(w, r, http.StatusOK, "reliability", d)
}

// codesDownload serves the coded data, as r2p export codes writes it:
// /admin/reliability/codes.{csv,xlsx}?format=long|wide&event=ID.
func (s *Server) codesDownload(xlsx bool) handlerFunc {
	return func(w http.ResponseWriter, r *http.Request) error {
		format := r.URL.Query().Get("format")
		if format == "" {
			format = coding.FormatLong
		}
		if format != coding.FormatLong && format != coding.FormatWide {
			return errorf(http.StatusBadRequest, "invalid_parameter", "format %q: want long or wide", format)
		}
		event, err := optionalInt(r.URL.Query().Get("event"), "event")
		if err != nil {
			return err
		}
		_, cb, err := s.coder.Active(r.Context())
		if err != nil {
			return err
		}
		units, err := s.store.CodingUnits(r.Context(), int64(event))
		if err != nil {
			return err
		}
		var buf bytes.Buffer
		if err := coding.WriteExport(&buf, units, cb, format, xlsx); err != nil {
			return err
		}
		name, ct := "r2p-codes-"+format+".csv", "text/csv; charset=utf-8"
		if xlsx {
			name, ct = "r2p-codes-"+format+".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
		}
		w.Header().Set("Content-Type", ct)
		w.Header().Set("Content-Disposition", `attachment; filename="`+name+`"`)
		w.Write(buf.Bytes())
		return nil
	}
}
