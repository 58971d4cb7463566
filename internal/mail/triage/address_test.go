package triage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

func TestParseMailbox(t *testing.T) {
	for _, s := range []string{"letters@coalition.org", "Coalition <letters@Coalition.ORG>", " r2p.letters@mail.coalition.org "} {
		if _, err := triage.ParseMailbox(s); err != nil {
			t.Errorf("ParseMailbox(%q): %v", s, err)
		}
	}
	if got := triage.MustParseMailbox("Coalition <letters@Coalition.ORG>").String(); got != "letters@coalition.org" {
		t.Errorf("String() = %q", got)
	}
	for _, s := range []string{
		"", "letters", "letters@", "@coalition.org", "letters+x@coalition.org",
		`"two words"@coalition.org`, "letters@localhost", "letters@[192.0.2.1]",
		strings.Repeat("a", 30) + "@coalition.org",
	} {
		if _, err := triage.ParseMailbox(s); err == nil {
			t.Errorf("ParseMailbox(%q) did not fail", s)
		}
	}
}

func TestTagRoundTrip(t *testing.T) {
	mb := triage.MustParseMailbox("letters@coalition.org")
	for _, tag := range []string{"d7f3k2", "a", "x-1_2", strings.Repeat("z", triage.MaxTagLen), triage.NewTag(10)} {
		addr := mb.Address(tag)
		got, ok := mb.Tag(addr)
		if !ok || got != tag {
			t.Errorf("Tag(Address(%q) = %q) = %q, %v", tag, addr, got, ok)
		}
	}
	if got := mb.Address("d7f3k2"); got != "letters+d7f3k2@coalition.org" {
		t.Errorf("Address = %q", got)
	}
}

func TestTag(t *testing.T) {
	mb := triage.MustParseMailbox("letters@coalition.org")
	for _, tc := range []struct {
		addr string
		tag  string
	}{
		{"letters+d7f3k2@coalition.org", "d7f3k2"},
		{"letters+d7f3k2@COALITION.org", "d7f3k2"},
		{"letters+D7F3K2@coalition.org", "d7f3k2"}, // a system that upper-cased the address
		{"<letters+d7f3k2@coalition.org>", "d7f3k2"},
		{"Global Coalition <letters+d7f3k2@coalition.org>", "d7f3k2"},
		{`"Coalition, Global" <letters+d7f3k2@coalition.org>`, "d7f3k2"},
		{"  letters+d7f3k2@coalition.org  ", "d7f3k2"},
		{"letters@coalition.org", ""},             // no tag
		{"letters+@coalition.org", ""},            // empty tag
		{"Letters+d7f3k2@coalition.org", ""},      // local part differs
		{"letter+d7f3k2@coalition.org", ""},       // another mailbox
		{"xletters+d7f3k2@coalition.org", ""},     // another mailbox
		{"letters-d7f3k2@coalition.org", ""},      // another separator
		{"letters+d7f3k2@coalition.org.evil", ""}, // foreign domain
		{"letters+d7f3k2@evil-coalition.org", ""}, // foreign domain
		{"letters+d7f3k2@mail.coalition.org", ""}, // another host
		{"letters+d7.f3@coalition.org", ""},       // not the alphabet
		{"letters+d7+f3@coalition.org", ""},       // not the alphabet
		{"letters+-d7f3@coalition.org", ""},       // starts with '-'
		{"letters+d7f3k2", ""},                    // no domain
		{"", ""},
		{"letters+" + strings.Repeat("a", triage.MaxTagLen+1) + "@coalition.org", ""},
	} {
		tag, ok := mb.Tag(tc.addr)
		if tag != tc.tag || ok != (tc.tag != "") {
			t.Errorf("Tag(%q) = %q, %v; want %q", tc.addr, tag, ok, tc.tag)
		}
	}
	if _, ok := (triage.Mailbox{}).Tag("letters+d7f3k2@coalition.org"); ok {
		t.Error("the zero Mailbox matched")
	}
	if !mb.Matches("LETTERS@coalition.org") || !mb.Matches("letters+abc@coalition.org") || mb.Matches("other@coalition.org") {
		t.Error("Matches is wrong")
	}
}

func TestValidTag(t *testing.T) {
	for _, tag := range []string{"", "A", "a.b", "a b", "é", "-a", "a_", strings.Repeat("a", triage.MaxTagLen+1)} {
		if err := triage.ValidTag(tag); !errors.Is(err, triage.ErrBadTag) {
			t.Errorf("ValidTag(%q) = %v", tag, err)
		}
	}
	seen := map[string]bool{}
	for range 1000 {
		tag := triage.NewTag(8)
		if err := triage.ValidTag(tag); err != nil || len(tag) != 8 || seen[tag] {
			t.Fatalf("NewTag(8) = %q: %v (seen before: %v)", tag, err, seen[tag])
		}
		seen[tag] = true
	}
	if n := len(triage.NewTag(1)); n != 6 {
		t.Errorf("NewTag(1) has %d characters, want 6", n)
	}
	if n := len(triage.NewTag(1000)); n != triage.MaxTagLen {
		t.Errorf("NewTag(1000) has %d characters, want %d", n, triage.MaxTagLen)
	}
}

func TestAddressPanics(t *testing.T) {
	for _, tc := range []struct {
		mb  triage.Mailbox
		tag string
	}{
		{triage.MustParseMailbox("letters@coalition.org"), "Bad Tag"},
		{triage.MustParseMailbox("letters@coalition.org"), ""},
		{triage.Mailbox{}, "abc"},
	} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("Address(%q) on %q did not panic", tc.tag, tc.mb)
				}
			}()
			tc.mb.Address(tc.tag)
		}()
	}
}
