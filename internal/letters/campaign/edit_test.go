package campaign

import (
	"fmt"
	"strings"
	"testing"
)

func seedTexts() []Text {
	return []Text{{Lang: "en", Title: "Open letter", Body: "We write to you.\n\nWe ask you to speak.",
		Asks: []Ask{{Label: "Speak in support", Description: "at the debate"}}}}
}

func TestCompare(t *testing.T) {
	c := seedCampaign()
	for _, tc := range []struct {
		name   string
		change func(*Campaign, []Text) []Text
		want   Edit
	}{
		{"nothing", func(*Campaign, []Text) []Text { return seedTexts() }, Edit{}},
		{"a browser's line breaks and trailing white space", func(_ *Campaign, texts []Text) []Text {
			texts[0].Body = "We write to you.\r\n\r\nWe ask you to speak.\r\n"
			texts[0].Title, texts[0].Asks[0].Label = " Open letter ", "Speak in support "
			return texts
		}, Edit{}},
		{"the event's date", func(c *Campaign, texts []Text) []Text { c.Event.Date = "2009-07-24"; return texts }, Edit{Details: true}},
		{"the address", func(c *Campaign, texts []Text) []Text { c.Slug = "ga-2009-r2p"; return texts }, Edit{Details: true}},
		{"auto-approval", func(c *Campaign, texts []Text) []Text { c.AutoApprove = true; return texts }, Edit{Details: true}},
		{"an ask's wording", func(_ *Campaign, texts []Text) []Text { texts[0].Asks[0].Label = "Take the floor"; return texts }, Edit{Asks: true}},
		{"one more ask", func(_ *Campaign, texts []Text) []Text {
			texts[0].Asks = append(texts[0].Asks, Ask{Label: "Join the Group of Friends"})
			return texts
		}, Edit{Asks: true}},
		{"the title", func(_ *Campaign, texts []Text) []Text { texts[0].Title = "An open letter"; return texts }, Edit{Text: true}},
		{"the body", func(_ *Campaign, texts []Text) []Text { texts[0].Body += " Now."; return texts }, Edit{Text: true}},
		{"a translation added", func(_ *Campaign, texts []Text) []Text {
			return append(texts, Text{Lang: "fr", Title: "Lettre ouverte", Body: "Nous vous écrivons."})
		}, Edit{Text: true}},
		{"a translation with asks added", func(_ *Campaign, texts []Text) []Text {
			return append(texts, Text{Lang: "fr", Title: "Lettre ouverte", Body: "Nous vous écrivons.", Asks: []Ask{{Label: "Parler"}}})
		}, Edit{Text: true, Asks: true}},
		{"the date and the body", func(c *Campaign, texts []Text) []Text {
			c.Event.Date = ""
			texts[0].Body = "We write."
			return texts
		}, Edit{Details: true, Text: true}},
	} {
		edited := c
		texts := tc.change(&edited, seedTexts())
		if got := Compare(c, seedTexts(), edited, texts); got != tc.want {
			t.Errorf("%s: Compare = %+v, want %+v", tc.name, got, tc.want)
		}
	}
	if !(Edit{}).None() || (Edit{Asks: true}).None() {
		t.Error("None is wrong")
	}
}

func TestWithAsks(t *testing.T) {
	current := seedTexts()
	current[0].Body = "We write to you.\n" // as stored before bodies were normalised
	edited := seedTexts()
	edited[0].Body = "We write to you.\r\n"
	edited[0].Asks = []Ask{{Label: " Take the floor "}}
	got := WithAsks(current, edited)
	if got[0].Body != "We write to you.\n" || len(got[0].Asks) != 1 || got[0].Asks[0] != (Ask{Label: "Take the floor"}) {
		t.Errorf("WithAsks = %+v", got)
	}
	if current[0].Asks[0].Label != "Speak in support" {
		t.Error("WithAsks changed its argument")
	}
}

func TestNormalizeText(t *testing.T) {
	got := NormalizeText(Text{Lang: "en", Title: "\tTitle ", Body: "\r\n\r\n    code\r\n\r\nText.\rMore. \r\n\r\n",
		Asks: []Ask{{Label: " a ", Description: " b\n"}}})
	want := Text{Lang: "en", Title: "Title", Body: "    code\n\nText.\nMore.", Asks: []Ask{{Label: "a", Description: "b"}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("NormalizeText = %q, want %q", got, want)
	}
}

func describe(changes []TextChange) string {
	var b strings.Builder
	for _, c := range changes {
		fmt.Fprintf(&b, "[%s %q→%q]", c.Lang, c.TitleBefore, c.TitleAfter)
		for _, p := range c.Paragraphs {
			if p.Kind == Kept {
				fmt.Fprintf(&b, " kept:%d", p.Kept)
			} else {
				fmt.Fprintf(&b, " %s:%s", p.Kind, p.Text)
			}
		}
	}
	return b.String()
}

func TestTextChanges(t *testing.T) {
	body := func(paras ...string) string { return strings.Join(paras, "\n\n") }
	en := func(title, b string) Text { return Text{Lang: "en", Title: title, Body: b} }
	for _, tc := range []struct {
		name          string
		before, after []Text
		want          string
	}{
		{"unchanged", []Text{en("T", "a")}, []Text{en("T", "a\r\n")}, ""},
		{"one paragraph of seven", []Text{en("T", body("1", "2", "3", "4", "5", "6", "7"))},
			[]Text{en("T", body("1", "2", "3", "4 bis", "5", "6", "7"))},
			`[en "T"→"T"] kept:2 same:3 removed:4 added:4 bis same:5 kept:2`},
		{"a paragraph inserted and one deleted", []Text{en("T", body("1", "2", "3", "4"))},
			[]Text{en("T", body("0", "1", "2", "4"))},
			`[en "T"→"T"] added:0 same:1 same:2 removed:3 same:4`},
		{"the title alone", []Text{en("T", "a")}, []Text{en("New T", "a")}, `[en "T"→"New T"]`},
		{"a translation added, in the order of the languages", []Text{en("T", "a")},
			[]Text{{Lang: "fr", Title: "L", Body: body("x", "y")}, {Lang: "ar", Title: "ر", Body: "ب"}, en("T", "a")},
			`[ar ""→"ر"] added:ب[fr ""→"L"] added:x added:y`},
		{"a translation removed", []Text{en("T", "a"), {Lang: "es", Title: "C", Body: "z"}}, []Text{en("T", "a")},
			`[es "C"→""] removed:z`},
		{"a paragraph's lines", []Text{en("T", "- one\n- two")}, []Text{en("T", "- one\n- two\n- three")},
			"[en \"T\"→\"T\"] removed:- one\n- two added:- one\n- two\n- three"},
	} {
		if got := describe(TextChanges(tc.before, tc.after)); got != tc.want {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, tc.want)
		}
	}
}

func TestTextChangesOfHugeLetters(t *testing.T) {
	var a, b []string
	for i := range 2000 {
		a, b = append(a, fmt.Sprint("a", i)), append(b, fmt.Sprint("b", i))
	}
	changes := TextChanges([]Text{{Lang: "en", Title: "T", Body: strings.Join(a, "\n\n")}},
		[]Text{{Lang: "en", Title: "T", Body: strings.Join(b, "\n\n")}})
	p := changes[0].Paragraphs
	if len(p) != 4000 || p[0] != (ParagraphChange{Kind: Removed, Text: "a0"}) || p[2000] != (ParagraphChange{Kind: Added, Text: "b0"}) {
		t.Errorf("a letter of 2,000 changed paragraphs: %d changes, %+v %+v", len(p), p[0], p[2000])
	}
}
