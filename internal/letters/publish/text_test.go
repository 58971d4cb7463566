package publish_test

import (
	"bytes"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/golden"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

type writeFunc func(io.Writer, []orglist.Entry, publish.Options) error

func render(t *testing.T, write writeFunc, entries []orglist.Entry, opt publish.Options) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := write(&buf, entries, opt); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const seedTitle = "Civil Society Organizations Send Open Letter to Governments in Advance of the General Assembly Debate on the Responsibility to Protect"

func TestGolden(t *testing.T) {
	tests := []struct {
		file  string
		write writeFunc
		opt   publish.Options
	}{
		{"seed.txt", publish.Text, publish.Options{}},
		{"seed.md", publish.Markdown, publish.Options{}},
		{"seed.html", publish.HTML, publish.Options{}},
		{"seed_document.html", publish.HTMLDocument, publish.Options{Title: seedTitle, Lang: language.English}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			golden.Check(t, tt.file, render(t, tt.write, seedEntries(t), tt.opt))
		})
	}
}

// seedLetterLines returns the signatory lines of the seed letter, as
// written, in the letter's order.
func seedLetterLines(t *testing.T) []string {
	t.Helper()
	data, err := os.ReadFile("testdata/seed_letter.txt")
	if err != nil {
		t.Fatal(err)
	}
	_, list, ok := strings.Cut(string(data), "Sincerely,")
	if !ok {
		t.Fatal("testdata/seed_letter.txt: no \"Sincerely,\"")
	}
	var out []string
	for _, line := range strings.Split(list, "\n") {
		// Some lines end in no-break spaces.
		if line = strings.TrimFunc(line, unicode.IsSpace); line != "" {
			out = append(out, line)
		}
	}
	return out
}

// The text export of the seed's entries is the seed's own list, sorted,
// with its three odd entries in the common format.
func TestTextReproducesTheSeedList(t *testing.T) {
	normal := map[string]string{
		"Citizens United to Promote Peace and Democracy in Liberia-CUPPADL (Liberia)":        "Citizens United to Promote Peace and Democracy in Liberia - CUPPADL (Liberia)",
		"Lutheran Development Service (LDS) Swaziland":                                       "Lutheran Development Service - LDS (Swaziland)",
		"Réseau de Développement et de Communications de la Femme Africaine (FEMNET) (Mali)": "Réseau de Développement et de Communications de la Femme Africaine - FEMNET (Mali)",
	}
	want := seedLetterLines(t)
	for i, line := range want {
		if n, ok := normal[line]; ok {
			want[i] = n
		}
	}
	// The letter's list is sorted but for two slips: it puts "Alternative"
	// before "African", and "World Federation" before "World Federalist".
	swap := func(a, b string) {
		i, j := slices.Index(want, a), slices.Index(want, b)
		if i < 0 || j < 0 {
			t.Fatalf("the seed has no %q or no %q", a, b)
		}
		want[i], want[j] = want[j], want[i]
	}
	swap("Alternative ASEAN Network on Burma (Thailand)", "African Federation Association (Uganda)")
	swap("World Federation of United Nations Associations", "World Federalist Movement – Canada")

	got := strings.Split(strings.TrimSuffix(string(render(t, publish.Text, seedEntries(t), publish.Options{})), "\n"), "\n")
	if !slices.Equal(got, want) {
		t.Errorf("Text of the seed's entries:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestTextEmptyList(t *testing.T) {
	if got := render(t, publish.Text, nil, publish.Options{}); len(got) != 0 {
		t.Errorf("Text(nil) = %q, want nothing", got)
	}
}

func TestMarkdownEscapes(t *testing.T) {
	tests := []struct{ name, want string }{
		{"Plain Name (with brackets) - and dashes", `Plain Name (with brackets) - and dashes`},
		{"Under_score *star* [link](x) `code` <b> a|b ~x~ back\\slash", "Under\\_score \\*star\\* \\[link\\](x) \\`code\\` \\<b\\> a\\|b \\~x\\~ back\\\\slash"},
		{"#1 Coalition", `\#1 Coalition`},
		{"- Dash", `\- Dash`},
		{"+ Plus", `\+ Plus`},
		{"= Equal", `\= Equal`},
		{"1. Movement", `1\. Movement`},
		{"2009) Group", `2009\) Group`},
		{"Fish &amp; Chips &#233;", `Fish \&amp; Chips \&#233;`},
		{"Peace & Justice", `Peace & Justice`},
		{"2009 Group", `2009 Group`},
	}
	for _, tt := range tests {
		got := string(render(t, publish.Markdown, named(tt.name), publish.Options{}))
		if want := "- " + tt.want + "\n"; got != want {
			t.Errorf("Markdown(%q) = %q, want %q", tt.name, got, want)
		}
	}
}

func TestHTMLEscapes(t *testing.T) {
	entries := named(`<script>alert("x")</script> & Co`)
	got := string(render(t, publish.HTML, entries, publish.Options{}))
	want := "<ul class=\"signatories\">\n<li>&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; Co</li>\n</ul>\n"
	if got != want {
		t.Errorf("HTML = %q, want %q", got, want)
	}
	doc := string(render(t, publish.HTMLDocument, entries, publish.Options{Title: "<b>Letter</b>", Lang: language.French}))
	for _, want := range []string{`<html lang="fr">`, "<title>&lt;b&gt;Letter&lt;/b&gt;</title>", "<h1>&lt;b&gt;Letter&lt;/b&gt;</h1>", "&lt;script&gt;"} {
		if !strings.Contains(doc, want) {
			t.Errorf("HTMLDocument lacks %q:\n%s", want, doc)
		}
	}
	if strings.Contains(doc, "<script>") || strings.Contains(doc, "<b>") {
		t.Errorf("HTMLDocument has unescaped markup:\n%s", doc)
	}
}

func TestHTMLDocumentWithoutTitle(t *testing.T) {
	for lang, title := range map[language.Tag]string{language.Und: "Signatories", language.French: "Signataires", language.Spanish: "Firmantes"} {
		doc := string(render(t, publish.HTMLDocument, named("A"), publish.Options{Lang: lang}))
		if strings.Contains(doc, "<h1>") || !strings.Contains(doc, "<title>"+title+"</title>") {
			t.Errorf("HTMLDocument without a title in %v:\n%s", lang, doc)
		}
	}
	doc := string(render(t, publish.HTMLDocument, named("A"), publish.Options{}))
	if !strings.Contains(doc, `<html lang="en">`) {
		t.Errorf("HTMLDocument in language.Und is not marked English:\n%s", doc)
	}
}
