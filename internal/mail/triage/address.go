package triage

import (
	"crypto/rand"
	"errors"
	"fmt"
	"net/mail"
	"strings"
)

// Separator joins the mailbox's local part and the tag: letters+tag@domain.
const Separator = '+'

// MaxTagLen is the longest tag ValidTag accepts.
const MaxTagLen = 40

// Mailbox is the base address whose plus-addresses carry delivery tags, e.g.
// letters@coalition.org, which receives letters+d7f3k2@coalition.org.
// The zero Mailbox matches nothing.
type Mailbox struct {
	local  string // exactly as configured
	domain string // lower case
}

// ParseMailbox reads the configured base address: "letters@coalition.org"
// or "Coalition <letters@coalition.org>". The local part may not already
// hold a '+', and must leave room for a tag within the 64 octets a local
// part may have.
func ParseMailbox(s string) (Mailbox, error) {
	addr, err := mail.ParseAddress(strings.TrimSpace(s))
	if err != nil {
		return Mailbox{}, fmt.Errorf("inbound: mailbox %q is not an e-mail address: %w", s, err)
	}
	at := strings.LastIndexByte(addr.Address, '@')
	local, domain := addr.Address[:at], addr.Address[at+1:]
	switch {
	case local == "" || domain == "":
		return Mailbox{}, fmt.Errorf("inbound: mailbox %q has no local part or no domain", s)
	case strings.ContainsRune(local, Separator):
		return Mailbox{}, fmt.Errorf("inbound: mailbox %q already holds a %q: give the base address, without a tag", s, Separator)
	case !isDotAtom(local):
		return Mailbox{}, fmt.Errorf("inbound: mailbox %q: the local part %q needs quoting; choose a plain one (letters, digits, . _ -)", s, local)
	case len(local)+1+MaxTagLen > 64:
		return Mailbox{}, fmt.Errorf("inbound: mailbox %q: the local part is too long to take a tag (at most %d characters)", s, 64-1-MaxTagLen)
	case strings.ContainsAny(domain, "[]") || !strings.Contains(domain, "."):
		return Mailbox{}, fmt.Errorf("inbound: mailbox %q: the domain %q is not a domain name", s, domain)
	}
	return Mailbox{local: local, domain: strings.ToLower(domain)}, nil
}

// MustParseMailbox is ParseMailbox for addresses known to be good; it
// panics on an error. For tests and constants.
func MustParseMailbox(s string) Mailbox {
	m, err := ParseMailbox(s)
	if err != nil {
		panic(err)
	}
	return m
}

// IsZero reports whether m is the zero Mailbox.
func (m Mailbox) IsZero() bool { return m.local == "" }

// String is the base address, local@domain.
func (m Mailbox) String() string {
	if m.IsZero() {
		return ""
	}
	return m.local + "@" + m.domain
}

// Address is the mailbox's address for tag: local+tag@domain. The tag must
// pass ValidTag (NewTag's always do); Address panics on an invalid tag or a
// zero Mailbox, since sending with a wrong return path would lose the
// bounces silently.
func (m Mailbox) Address(tag string) string {
	if m.IsZero() {
		panic("inbound: Address of the zero Mailbox")
	}
	if err := ValidTag(tag); err != nil {
		panic(err)
	}
	return m.local + string(Separator) + tag + "@" + m.domain
}

// Tag recovers the tag from an address of this mailbox: a bare address,
// "<addr>" or "Name <addr>". The domain is compared without regard to case,
// the base local part exactly; the tag is returned in lower case (some mail
// systems change the case of addresses, and tags are lower case). It
// reports false for another mailbox or domain, the base address without a
// tag, or a tag that is not valid.
func (m Mailbox) Tag(addr string) (string, bool) {
	if m.IsZero() {
		return "", false
	}
	a := bareAddress(addr)
	at := strings.LastIndexByte(a, '@')
	if at < 0 || !strings.EqualFold(a[at+1:], m.domain) {
		return "", false
	}
	local := a[:at]
	if !strings.HasPrefix(local, m.local) || len(local) <= len(m.local)+1 || local[len(m.local)] != Separator {
		return "", false
	}
	tag := strings.ToLower(local[len(m.local)+1:])
	if ValidTag(tag) != nil {
		return "", false
	}
	return tag, true
}

// Matches reports whether addr is the mailbox itself or one of its tagged
// addresses.
func (m Mailbox) Matches(addr string) bool {
	if m.IsZero() {
		return false
	}
	if _, ok := m.Tag(addr); ok {
		return true
	}
	return strings.EqualFold(bareAddress(addr), m.String())
}

// ErrBadTag is wrapped by ValidTag's errors.
var ErrBadTag = errors.New("invalid delivery tag")

// ValidTag checks that tag is 1 to MaxTagLen characters of a-z, 0-9, '-'
// and '_', neither starting nor ending with '-' or '_'. Such tags survive
// every mail system unchanged, need no quoting, and cannot be confused with
// the separator.
func ValidTag(tag string) error {
	if tag == "" || len(tag) > MaxTagLen {
		return fmt.Errorf("inbound: tag %q: %w: must be 1 to %d characters", tag, ErrBadTag, MaxTagLen)
	}
	for i := 0; i < len(tag); i++ {
		c := tag[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case (c == '-' || c == '_') && i > 0 && i < len(tag)-1:
		default:
			return fmt.Errorf("inbound: tag %q: %w: only a-z, 0-9, and - or _ inside", tag, ErrBadTag)
		}
	}
	return nil
}

const tagAlphabet = "abcdefghijkmnpqrstuvwxyz23456789" // 32 symbols: no 0/o, 1/l

// NewTag returns a random tag of n characters (at least 6, at most
// MaxTagLen) from an alphabet without look-alike characters. Ten characters
// give 50 bits.
func NewTag(n int) string {
	n = min(max(n, 6), MaxTagLen)
	b := make([]byte, n)
	rand.Read(b) // never fails, per crypto/rand
	for i := range b {
		b[i] = tagAlphabet[b[i]&31]
	}
	return string(b)
}

// bareAddress returns the addr-spec of s: s itself for a bare address,
// what is between < and > otherwise, without surrounding spaces.
func bareAddress(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '<'); i >= 0 {
		if j := strings.IndexByte(s[i:], '>'); j > 0 {
			return strings.TrimSpace(s[i+1 : i+j])
		}
	}
	if strings.ContainsAny(s, " \t\"") {
		if a, err := mail.ParseAddress(s); err == nil {
			return a.Address
		}
	}
	return s
}

// isDotAtom reports whether s is an RFC 5322 dot-atom: a local part that
// needs no quoting.
func isDotAtom(s string) bool {
	if s == "" || s[0] == '.' || s[len(s)-1] == '.' || strings.Contains(s, "..") {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("!#$%&'*/=?^_`{|}~.-+", c) >= 0 {
			continue
		}
		return false
	}
	return true
}
