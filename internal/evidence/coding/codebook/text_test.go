package codebook

import (
	"reflect"
	"testing"
)

func spanTexts(text string, spans []Span) []string {
	out := []string{}
	for _, s := range spans {
		out = append(out, text[s.Start:s.End])
	}
	return out
}

func TestSentences(t *testing.T) {
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"Mr. President, thank you. We welcome the debate.",
			[]string{"Mr. President, thank you.", "We welcome the debate."}},
		{"We recall resolution No. 1674. It matters.",
			[]string{"We recall resolution No. 1674.", "It matters."}},
		{"See para. 139 of the Outcome. Paras. 138 and 139 are clear.",
			[]string{"See para. 139 of the Outcome.", "Paras. 138 and 139 are clear."}},
		{"The report (A/63/677) is timely. Its three pillars are sound.",
			[]string{"The report (A/63/677) is timely.", "Its three pillars are sound."}},
		{"We welcome document A/63/677. It sets out three pillars.",
			[]string{"We welcome document A/63/677.", "It sets out three pillars."}},
		{"See S/2009/189 and A/63/PV.97 for details. Thank you.",
			[]string{"See S/2009/189 and A/63/PV.97 for details.", "Thank you."}},
		// "R2P." ends a sentence before a capital...
		{"We support R2P. The report is welcome.",
			[]string{"We support R2P.", "The report is welcome."}},
		// ...but not before a lower-case word.
		{"We discussed R2P. and its pillars at length.",
			[]string{"We discussed R2P. and its pillars at length."}},
		{"The U.N. Secretary-General, i.e. Mr. Ban, e.g. in art. 2, spoke. Dr. Luck agreed.",
			[]string{"The U.N. Secretary-General, i.e. Mr. Ban, e.g. in art. 2, spoke.", "Dr. Luck agreed."}},
		{"Was it enough? No. Never again!  \"Never again.\" We agree…  Yes.",
			[]string{"Was it enough?", "No.", "Never again!", "\"Never again.\"", "We agree…", "Yes."}},
		{"M. le Président, la France appuie la R2P. Sr. Presidente, gracias.",
			[]string{"M. le Président, la France appuie la R2P.", "Sr. Presidente, gracias."}},
		{"We say No. The norm stands.",
			[]string{"We say No.", "The norm stands."}},
		{"A heading\n\nFirst paragraph\nwraps here. Second sentence.\n\n\n  Last  ",
			[]string{"A heading", "First paragraph\nwraps here.", "Second sentence.", "Last"}},
		{"", []string{}},
		{" \n\t\n ", []string{}},
	} {
		if got := spanTexts(tc.text, Sentences([]byte(tc.text))); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Sentences(%q)\n got %q\nwant %q", tc.text, got, tc.want)
		}
	}
}

func TestParagraphs(t *testing.T) {
	text := "\n  One.\nStill one.\n \t\nTwo.\r\n\r\nThree.\n"
	want := []string{"One.\nStill one.", "Two.", "Three."}
	if got := spanTexts(text, Paragraphs([]byte(text))); !reflect.DeepEqual(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestTokenize(t *testing.T) {
	text := "The Secretary-General's report (A/63/677), U.N. can't — Réaffirmons ŒUVRE 1.5%"
	var got []string
	for _, tok := range tokenize([]byte(text)) {
		got = append(got, text[tok.start:tok.end]+"="+tok.folded)
	}
	want := []string{"The=the", "Secretary=secretary", "General=general", "s=s", "report=report",
		"A/63/677=a/63/677", "U.N=u.n", "can=can", "t=t", "Réaffirmons=reaffirmons", "ŒUVRE=oeuvre", "1.5=1.5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got %q\nwant %q", got, want)
	}
}
