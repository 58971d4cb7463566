package account

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestRoles(t *testing.T) {
	for _, tc := range []struct {
		have, need Role
		want       bool
	}{
		{Admin, Admin, true}, {Admin, Editor, true}, {Admin, Viewer, true},
		{Editor, Admin, false}, {Editor, Editor, true}, {Editor, Viewer, true},
		{Viewer, Admin, false}, {Viewer, Editor, false}, {Viewer, Viewer, true},
		{Role("root"), Viewer, false}, {Role(""), Viewer, false},
	} {
		if got := tc.have.Allows(tc.need); got != tc.want {
			t.Errorf("%q.Allows(%q) = %v", tc.have, tc.need, got)
		}
	}
}

func TestPasswordHash(t *testing.T) {
	hash := HashPassword("correct horse battery staple")
	if !strings.HasPrefix(hash, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Errorf("hash %q is not argon2id in PHC format with the chosen parameters", hash)
	}
	if ok, err := PasswordMatches(hash, "correct horse battery staple"); !ok || err != nil {
		t.Errorf("right password: %v, %v", ok, err)
	}
	if ok, _ := PasswordMatches(hash, "correct horse battery stapler"); ok {
		t.Error("a wrong password matched")
	}
	if first, second := HashPassword("same"), HashPassword("same"); first == second {
		t.Error("two hashes of one password are equal: the salt is not random")
	}
	for _, bad := range []string{"", "$argon2id$v=19$m=1,t=1,p=1$!!$!!", "$bcrypt$x$y$z$w", "$argon2id$v=18$m=65536,t=3,p=2$c2FsdA$a2V5"} {
		if _, err := PasswordMatches(bad, "x"); err == nil {
			t.Errorf("malformed hash %q accepted", bad)
		}
	}
}

func TestCheckPassword(t *testing.T) {
	if err := CheckPassword("short", "sam@coalition.org"); !errors.Is(err, ErrPasswordTooShort) || !strings.Contains(err.Error(), "at least 12 characters") {
		t.Errorf("short password: %v", err)
	}
	if err := CheckPassword("éééééééééééé", "sam@coalition.org"); err != nil {
		t.Errorf("12 accented letters: %v (length counts characters, not bytes)", err)
	}
	// Any printable characters, spaces and emoji included, up to 128
	// (OWASP ASVS 2.1.2, 2.1.4).
	if err := CheckPassword(strings.Repeat("🕊 ", 32), "sam@coalition.org"); err != nil {
		t.Errorf("64 doves and spaces: %v", err)
	}
	if err := CheckPassword(strings.Repeat("x", 128), "sam@coalition.org"); err != nil {
		t.Errorf("a 128-character password: %v", err)
	}
	if err := CheckPassword(strings.Repeat("x", 129), "sam@coalition.org"); !errors.Is(err, ErrPasswordTooLong) {
		t.Errorf("a 129-character password: %v", err)
	}
	for _, tc := range []struct {
		pw, email, name string
		want            error
	}{
		{"qwerty123456", "sam@coalition.org", "Sam", ErrPasswordCommon},
		{"QwErTy123456", "sam@coalition.org", "Sam", ErrPasswordCommon}, // case does not help
		{"1qaz2wsx3edc", "sam@coalition.org", "Sam", ErrPasswordCommon},
		{"Secretariat@Coalition.org", "secretariat@coalition.org", "", ErrPasswordHasEmail},
		{"my secretariat@coalition.org!", "secretariat@coalition.org", "", ErrPasswordHasEmail},
		{"SECRETARIAT-2009", "secretariat@coalition.org", "", ErrPasswordHasEmail},    // the local part
		{"mensah forever 1", "ama.mensah@coalition.org", "", ErrPasswordHasEmail},     // a word of it
		{"Ama Mensah 2009!", "staff@coalition.org", "Ama Mensah", ErrPasswordHasName}, // the name
		{"i am mensah, ok?", "staff@coalition.org", "Ama Mensah", ErrPasswordHasName}, // a word of it
		{"Ngozi Okonjo-Iweala", "staff@coalition.org", "Ngozi Okonjo-Iweala", ErrPasswordHasName},
		{"al is my friend", "al@coalition.org", "Al", nil}, // too short to count inside
		{"correct horse battery staple", "sam.secretariat@coalition.org", "Sam Secretariat", nil},
	} {
		if err := CheckPassword(tc.pw, tc.email, tc.name); !errors.Is(err, tc.want) || (tc.want == nil && err != nil) {
			t.Errorf("CheckPassword(%q, %q, %q) = %v, want %v", tc.pw, tc.email, tc.name, err, tc.want)
		}
	}
	if n := len(commonPasswords()); n != 9913 {
		t.Errorf("%d common passwords, want the 9,913 distinct ones of the list in lower case", n)
	}
}

func TestNormalizeEmail(t *testing.T) {
	if got, err := NormalizeEmail("  Staff@Coalition.ORG "); err != nil || got != "staff@coalition.org" {
		t.Errorf("NormalizeEmail = %q, %v", got, err)
	}
	for _, bad := range []string{"", "staff", "Staff <staff@coalition.org>", "a@b@c"} {
		if _, err := NormalizeEmail(bad); err == nil {
			t.Errorf("NormalizeEmail(%q) accepted", bad)
		}
	}
}

func TestSecrets(t *testing.T) {
	s1, h1 := NewSecret("r2p_")
	s2, _ := NewSecret("r2p_")
	if s1 == s2 || !strings.HasPrefix(s1, "r2p_") || len(s1) < 40 {
		t.Errorf("secrets %q, %q", s1, s2)
	}
	if string(HashSecret(s1)) != string(h1) {
		t.Error("HashSecret differs from the hash NewSecret returned")
	}
}

func TestLimiter(t *testing.T) {
	now := time.Date(2009, 7, 23, 10, 0, 0, 0, time.UTC)
	l := NewLimiter(3, 15*time.Minute, func() time.Time { return now })
	for range 3 {
		if ok, _ := l.Allowed("ip:192.0.2.1"); !ok {
			t.Fatal("refused before the limit")
		}
		l.Fail("ip:192.0.2.1")
		now = now.Add(time.Minute)
	}
	ok, wait := l.Allowed("ip:192.0.2.1")
	if ok || wait != 12*time.Minute {
		t.Errorf("after 3 failures: allowed=%v wait=%s, want refused for 12m", ok, wait)
	}
	if ok, _ := l.Allowed("ip:192.0.2.2"); !ok {
		t.Error("another key is refused")
	}
	now = now.Add(12 * time.Minute)
	if ok, _ := l.Allowed("ip:192.0.2.1"); !ok {
		t.Error("still refused once the first failure left the window")
	}
	l.Fail("acct:a")
	l.Reset("acct:a")
	if len(l.failures.times["acct:a"]) != 0 {
		t.Error("Reset did not forget")
	}
}

func TestSessionRenewal(t *testing.T) {
	signIn := time.Date(2009, 7, 23, 9, 0, 0, 0, time.UTC)
	s := Session{CreatedAt: signIn, ExpiresAt: signIn.Add(SessionIdle)}
	for _, c := range []struct {
		now    time.Time
		until  time.Time
		worthy bool
	}{
		{signIn.Add(30 * time.Second), signIn.Add(SessionIdle + 30*time.Second), false}, // within a minute: no write
		{signIn.Add(10 * time.Minute), signIn.Add(40 * time.Minute), true},
		{signIn.Add(11*time.Hour + 50*time.Minute), signIn.Add(12 * time.Hour), true}, // capped at 12 hours
	} {
		until, ok := s.Renewal(c.now)
		if !until.Equal(c.until) || ok != c.worthy {
			t.Errorf("Renewal(%v) = %v, %v; want %v, %v", c.now, until, ok, c.until, c.worthy)
		}
	}
}
