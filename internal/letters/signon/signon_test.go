package signon

import (
	"errors"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/organization"
)

func valid() Signature {
	s := Signature{Name: " Genocide  Alert ", Countries: []string{"DEU"}, Type: organization.NGO, ContactName: "A. Person",
		ContactEmail: " Contact@Genocide-Alert.DE ", Display: Named, Website: "genocide-alert.de"}
	s.Normalize()
	return s
}

func TestValidate(t *testing.T) {
	s := valid()
	if err := s.Validate(); err != nil || s.Name != "Genocide Alert" || s.ContactEmail != "contact@genocide-alert.de" {
		t.Fatalf("valid signature: %v, %+v", err, s)
	}
	for _, tc := range []struct {
		change func(*Signature)
		field  string
	}{
		{func(s *Signature) { s.Name = "" }, "name"},
		{func(s *Signature) { s.Countries = nil }, "countries"},
		{func(s *Signature) { s.Countries = []string{"SUN"} }, "countries"},
		{func(s *Signature) { s.Countries = []string{"XYZ"} }, "countries"},
		{func(s *Signature) { s.Type = "club" }, "type"},
		{func(s *Signature) { s.ContactName = "" }, "contact_name"},
		{func(s *Signature) { s.ContactEmail = "not an address" }, "contact_email"},
		{func(s *Signature) { s.Display = "loud" }, "display"},
		{func(s *Signature) { s.Website = "not a site" }, "website"},
	} {
		s := valid()
		tc.change(&s)
		var fe *FieldError
		if err := s.Validate(); !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: %v, want an error naming %s", s, err, tc.field)
		}
	}
}

func TestEntry(t *testing.T) {
	s := valid()
	s.Acronym = "GA"
	if e := s.Entry("An organization in Germany"); e.Name != "Genocide Alert" || e.Acronym != "GA" || e.Countries[0] != "DEU" {
		t.Errorf("named entry = %+v", e)
	}
	s.Display = Anonymous
	if e := s.Entry("An organization in Germany"); e.Name != "An organization in Germany" || e.Acronym != "" || len(e.Countries) != 0 {
		t.Errorf("anonymous entry = %+v", e)
	}
}

func TestAddressKey(t *testing.T) {
	for _, tc := range []struct{ address, want string }{
		{"victim@example.org", "victim@example.org"},
		{"Victim+0@Example.org", "victim@example.org"},
		{"victim+6@example.org", "victim@example.org"},
		{"victim+a+b@example.org", "victim@example.org"},
		{"vic.tim@example.org", "vic.tim@example.org"},     // only Gmail ignores dots
		{"vic.tim+x@gmail.com", "victim@gmail.com"},        // Gmail: dots and tag
		{"V.I.C.T.I.M@GoogleMail.com", "victim@gmail.com"}, // the other name of Gmail
		{"+tag@example.org", "+tag@example.org"},           // a tag with no mailbox before it is the mailbox
		{"...@gmail.com", "...@gmail.com"},                 // nothing left without the dots: kept
		{"not an address", "not an address"},               // no @: only lower-cased
		{`"a@b"@example.org`, `"a@b"@example.org`},         // the last @ starts the domain
		{"  ama@example.org ", "ama@example.org"},
	} {
		if got := AddressKey(tc.address); got != tc.want {
			t.Errorf("AddressKey(%q) = %q, want %q", tc.address, got, tc.want)
		}
	}
}
