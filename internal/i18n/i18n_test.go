package i18n

import (
	"regexp"
	"slices"
	"testing"
	"time"
)

func TestEveryLanguageHasEveryKey(t *testing.T) {
	c := Default()
	english := c.Keys(English)
	if len(english) < 50 {
		t.Fatalf("the English catalogue has %d keys", len(english))
	}
	for _, l := range Langs {
		if got := c.Keys(l); !slices.Equal(got, english) {
			missing, extra := diff(english, got), diff(got, english)
			t.Errorf("%s: missing %v, extra %v", l, missing, extra)
		}
	}
}

var verb = regexp.MustCompile(`%[-+# 0-9.]*[a-zA-Z%]`)

// TestTranslationsKeepTheirVerbs: a translation must take the same
// arguments, in the same order, as the English message.
func TestTranslationsKeepTheirVerbs(t *testing.T) {
	c := Default()
	for key, en := range c[English] {
		want := verb.FindAllString(en, -1)
		for _, l := range Langs {
			if got := verb.FindAllString(c[l][key], -1); !slices.Equal(got, want) {
				t.Errorf("%s %s: verbs %v, English has %v", l, key, got, want)
			}
			if c[l][key] == "" {
				t.Errorf("%s %s is empty", l, key)
			}
		}
	}
}

func TestMatch(t *testing.T) {
	for header, want := range map[string]Lang{
		"":                             English,
		"fr-CH, fr;q=0.9, en;q=0.8":    French,
		"es-419,es;q=0.9":              Spanish,
		"de-DE,de;q=0.9":               English,
		"de-DE,de;q=0.9,es;q=0.5":      Spanish,
		"en-GB,en;q=0.9,fr;q=0.8":      English,
		"*":                            English,
		"this is not a header;;;q=zzz": English,
	} {
		if got := Match(header); got != want {
			t.Errorf("Match(%q) = %s, want %s", header, got, want)
		}
	}
}

func TestFormatting(t *testing.T) {
	c := Default()
	day := time.Date(2009, 7, 23, 14, 5, 0, 0, time.UTC)
	for _, tc := range []struct {
		l                      Lang
		date, datetime, number string
	}{
		{English, "23 July 2009", "23 July 2009, 14:05 UTC", "12,345"},
		{French, "23 juillet 2009", "23 juillet 2009, 14:05 UTC", "12\u00a0345"},
		{Spanish, "23 de julio de 2009", "23 de julio de 2009, 14:05 UTC", "12.345"},
	} {
		p := c.Printer(tc.l)
		if got := p.Date(day); got != tc.date {
			t.Errorf("%s Date = %q, want %q", tc.l, got, tc.date)
		}
		if got := p.DateTime(day); got != tc.datetime {
			t.Errorf("%s DateTime = %q, want %q", tc.l, got, tc.datetime)
		}
		if got := p.Number(12345); got != tc.number {
			t.Errorf("%s Number = %q, want %q", tc.l, got, tc.number)
		}
	}
}

func TestMissingKeyShows(t *testing.T) {
	if got := Default().Printer(French).T("no.such.key"); got != "[[no.such.key]]" {
		t.Errorf("missing key rendered as %q", got)
	}
}

func diff(a, b []string) []string {
	var out []string
	for _, k := range a {
		if !slices.Contains(b, k) {
			out = append(out, k)
		}
	}
	return out
}
