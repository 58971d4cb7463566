package campaign

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestStatusMoves(t *testing.T) {
	for _, tc := range []struct {
		from, to Status
		ok       bool
	}{
		{Draft, Open, true}, {Draft, Closed, false}, {Draft, Delivered, false},
		{Open, Closed, true}, {Open, Draft, false}, {Open, Delivered, false},
		{Closed, Open, true}, {Closed, Delivered, true}, {Closed, Draft, false},
		{Delivered, Open, false}, {Delivered, Closed, false},
	} {
		if got := tc.from.CanBecome(tc.to); got != tc.ok {
			t.Errorf("%s → %s = %v, want %v", tc.from, tc.to, got, tc.ok)
		}
	}
}

func seedCampaign() Campaign {
	return Campaign{Slug: "ga-2009", Status: Draft, TimeZone: "America/New_York",
		Event: Event{Name: "UN General Assembly plenary debate on the Responsibility to Protect", Date: "2009-07-23", Place: "New York"}}
}

func TestValidate(t *testing.T) {
	if err := seedCampaign().Validate(); err != nil {
		t.Fatalf("the seed campaign: %v", err)
	}
	for _, tc := range []struct {
		change func(*Campaign)
		field  string
	}{
		{func(c *Campaign) { c.Slug = "GA 2009" }, "slug"},
		{func(c *Campaign) { c.Slug = "ga--2009" }, "slug"},
		{func(c *Campaign) { c.Slug = "" }, "slug"},
		{func(c *Campaign) { c.Status = "paused" }, "status"},
		{func(c *Campaign) { c.Event.Name = " " }, "event.name"},
		{func(c *Campaign) { c.Event.Date = "23/07/2009" }, "event.date"},
		{func(c *Campaign) { c.TimeZone = "Mars/Olympus" }, "time_zone"},
		{func(c *Campaign) { c.TimeZone = "" }, "time_zone"},
		{func(c *Campaign) {
			c.OpensAt = time.Date(2009, 7, 20, 0, 0, 0, 0, time.UTC)
			c.Deadline = c.OpensAt
		}, "deadline"},
	} {
		c := seedCampaign()
		tc.change(&c)
		var fe *FieldError
		if err := c.Validate(); !errors.As(err, &fe) || fe.Field != tc.field {
			t.Errorf("%+v: error %v, want one naming %s", c, err, tc.field)
		}
	}
}

func TestValidateTexts(t *testing.T) {
	en := Text{Lang: "en", Title: "Open letter", Body: "We are writing to you.", Asks: []Ask{{Label: "Reaffirm support for R2P"}}}
	if err := ValidateTexts([]Text{en}); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		texts []Text
		want  string
	}{
		{nil, "texts: the letter needs a text in at least one language"},
		{[]Text{{Lang: "de", Title: "x", Body: "y"}}, `texts: language "de": want one of ar, zh, en, fr, ru, es`},
		{[]Text{en, en}, "texts.en: given twice"},
		{[]Text{{Lang: "fr", Body: "y"}}, "texts.fr.title: required"},
		{[]Text{{Lang: "es", Title: "x", Body: " "}}, "texts.es.body: required: the letter"},
		{[]Text{{Lang: "en", Title: "x", Body: "y", Asks: []Ask{{Label: "a"}, {Description: "no label"}}}}, "texts.en.asks[1].label: required"},
	} {
		if err := ValidateTexts(tc.texts); err == nil || err.Error() != tc.want {
			t.Errorf("ValidateTexts = %v, want %q", err, tc.want)
		}
	}
}

func TestVersionText(t *testing.T) {
	v := Version{Texts: []Text{{Lang: "fr", Title: "Lettre"}, {Lang: "en", Title: "Letter"}}}
	for lang, want := range map[string]string{"fr": "Lettre", "en": "Letter", "es": "Letter", "": "Letter"} {
		if got := v.Text(lang).Title; got != want {
			t.Errorf("Text(%q) = %q, want %q", lang, got, want)
		}
	}
	if got := (Version{Texts: []Text{{Lang: "ru", Title: "Письмо"}}}).Text("es").Title; got != "Письмо" {
		t.Errorf("without English: %q", got)
	}
}

func TestTakesSignatures(t *testing.T) {
	c := seedCampaign()
	c.OpensAt = time.Date(2009, 7, 1, 0, 0, 0, 0, time.UTC)
	c.Deadline = time.Date(2009, 7, 22, 4, 0, 0, 0, time.UTC)
	during := time.Date(2009, 7, 20, 12, 0, 0, 0, time.UTC)
	if c.TakesSignatures(during) {
		t.Error("a draft takes signatures")
	}
	c.Status = Open
	if !c.TakesSignatures(during) || c.TakesSignatures(c.OpensAt.Add(-time.Second)) || c.TakesSignatures(c.Deadline) {
		t.Error("an open campaign's window is wrong")
	}
}

func TestRenderMarkdownIsSafe(t *testing.T) {
	md := "We encourage you to **reaffirm** support.\n\n<script>alert(1)</script>\n\n[report](https://www.un.org/A/63/677) [bad](javascript:alert(1))\n\n<img src=x onerror=alert(1)>\n\n- one\n- two\n"
	got := string(RenderMarkdown(md))
	for _, bad := range []string{"<script", "javascript:", "onerror", "alert(1)</script>"} {
		if strings.Contains(got, bad) {
			t.Errorf("rendered letter contains %q:\n%s", bad, got)
		}
	}
	for _, want := range []string{"<strong>reaffirm</strong>", `<a href="https://www.un.org/A/63/677" rel="nofollow noreferrer">report</a>`, "<li>one</li>"} {
		if !strings.Contains(got, want) {
			t.Errorf("rendered letter lacks %q:\n%s", want, got)
		}
	}
}

func TestPlainParagraphs(t *testing.T) {
	md := "# Open letter\n\nWe **encourage** you to read\nthe [report](https://un.org/A/63/677).\n\n- reaffirm support\n- speak at the debate\n\nSincerely,"
	want := []string{"Open letter", "We encourage you to read the report.", "reaffirm support speak at the debate", "Sincerely,"}
	if got := PlainParagraphs(md); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("PlainParagraphs = %q, want %q", got, want)
	}
}
