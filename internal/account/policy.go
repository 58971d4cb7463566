package account

import (
	_ "embed"
	"errors"
	"fmt"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Why a new password is refused. The web layer words each one for people.
var (
	ErrPasswordTooShort = fmt.Errorf("password: at least %d characters, please", MinPasswordLength)
	ErrPasswordTooLong  = fmt.Errorf("password: at most %d characters", MaxPasswordLength)
	ErrPasswordCommon   = errors.New("password: one of the 10,000 most common passwords")
	ErrPasswordHasEmail = errors.New("password: contains the user's e-mail address")
	ErrPasswordHasName  = errors.New("password: contains the user's name")
)

// minIdentifierRunes is how long a part of the user's e-mail address or
// name must be to count when a password merely contains it: "secretariat"
// does, "al" does not.
const minIdentifierRunes = 4

// CheckPassword says what is wrong with a new password for the user with
// the e-mail address and names given, if anything. As NIST SP 800-63B asks,
// it refuses short passwords, the most common ones and ones made of the
// user's own identifiers, case-insensitively, and nothing else: no rules on
// kinds of characters.
func CheckPassword(pw, email string, names ...string) error {
	switch n := utf8.RuneCountInString(pw); {
	case n < MinPasswordLength:
		return fmt.Errorf("%w (this one has %d)", ErrPasswordTooShort, n)
	case n > MaxPasswordLength:
		return ErrPasswordTooLong
	}
	lower := strings.ToLower(pw)
	if commonPasswords()[lower] {
		return ErrPasswordCommon
	}
	email = strings.ToLower(email)
	local, _, _ := strings.Cut(email, "@")
	if containsAny(lower, append([]string{email, local}, words(local)...)) {
		return ErrPasswordHasEmail
	}
	for _, name := range names {
		name = strings.ToLower(strings.TrimSpace(name))
		if containsAny(lower, append([]string{name}, words(name)...)) {
			return ErrPasswordHasName
		}
	}
	return nil
}

// containsAny reports whether pw contains one of the identifiers long
// enough to count.
func containsAny(pw string, identifiers []string) bool {
	for _, id := range identifiers {
		if utf8.RuneCountInString(id) >= minIdentifierRunes && strings.Contains(pw, id) {
			return true
		}
	}
	return false
}

// words splits a name or an address's local part into its runs of letters
// and digits: "sam.o'neill-2" is sam, o, neill, 2.
func words(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsNumber(r) })
}

//go:embed common-passwords.txt
var commonPasswordList string

// commonPasswords is the set of the 10,000 most common passwords, lower
// case; common-passwords.LICENSE says where the list comes from.
var commonPasswords = sync.OnceValue(func() map[string]bool {
	set := make(map[string]bool, 10_000)
	for line := range strings.Lines(commonPasswordList) {
		if pw := strings.TrimSpace(line); pw != "" {
			set[strings.ToLower(pw)] = true
		}
	}
	return set
})
