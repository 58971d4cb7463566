package triage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

func TestParseRejects(t *testing.T) {
	for _, tc := range []struct {
		name, raw, says string
	}{
		{"empty", "", "empty input"},
		{"blank", " \n\r\n\t\n", "empty input"},
		{"prose", "Dear Sir, this is not a message.\nFrom: nobody\n", `line "Dear Sir, this is not a message." is not a header field`},
		{"binary", "\x00\x01\x02\x89PNG\x00\x00", "binary data"},
		{"only continuation lines", "  folded\n  again\n", "no header field"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := triage.Parse([]byte(tc.raw))
			if err == nil {
				t.Fatalf("Parse(%q) = %+v, want an error", tc.raw, m)
			}
			if !errors.Is(err, triage.ErrNotMessage) || !strings.Contains(err.Error(), tc.says) {
				t.Errorf("Parse(%q) = %v; want ErrNotMessage saying %q", tc.raw, err, tc.says)
			}
		})
	}
}

// TestParseDamaged checks that a damaged message is read as far as it can
// be, with its problems named.
func TestParseDamaged(t *testing.T) {
	for _, tc := range []struct {
		name    string
		raw     string
		text    string // a substring of Text()
		problem string // a substring of one of Problems; "" for none
	}{
		{
			"CRLF and a header line without a colon",
			"From: a@mission.example\r\nSubject: x\r\nthis line is broken\r\nX-Other: y\r\n\r\nBody text\r\n",
			"this line is broken", "is not a header field; the header is taken to end there",
		},
		{
			"folded header and an mbox From_ line",
			"From a@mission.example Tue Sep 16 09:14:09 2025\nFrom: a@mission.example\nSubject: one\n two\n\nBody",
			"Body", "",
		},
		{
			"multipart without a boundary parameter",
			"From: a@mission.example\nContent-Type: multipart/mixed\n\n--xyz\nContent-Type: text/plain\n\nPart one\n--xyz--\n",
			"Part one", "guessed",
		},
		{
			"multipart whose boundary never occurs",
			"From: a@mission.example\nContent-Type: multipart/mixed; boundary=abc\n\nJust text\n",
			"Just text", "never occurs",
		},
		{
			"multipart without the closing boundary",
			"From: a@mission.example\nContent-Type: multipart/alternative; boundary=\"b\"\n\n--b\nContent-Type: text/plain\n\nCut short",
			"Cut short", "closing boundary",
		},
		{
			"garbage charset",
			"From: a@mission.example\nContent-Type: text/plain; charset=x-no-such-charset\n\nCaf\xe9 cr\xe8me",
			"Café crème", "",
		},
		{
			"charset label in a bad Content-Type",
			"From: a@mission.example\nContent-Type: text/plain; charset=\"iso-8859-1; format=flowed\n\nCaf\xe9",
			"Café", "",
		},
		{
			"damaged base64",
			"From: a@mission.example\nContent-Transfer-Encoding: base64\n\nSGVsbG8g!!d29y\nbGQ",
			"Hello world", "outside the alphabet",
		},
		{
			"damaged quoted-printable",
			"From: a@mission.example\nContent-Transfer-Encoding: quoted-printable\n\nCaf=E9 =ZZ soft=\nbreak",
			"Café =ZZ softbreak", "",
		},
		{
			"unknown transfer encoding",
			"From: a@mission.example\nContent-Transfer-Encoding: x-uuencode\n\nbegin 644 x\n",
			"begin 644", "unknown Content-Transfer-Encoding",
		},
		{
			"unreadable Content-Type",
			"From: a@mission.example\nContent-Type: ;;;\n\nplain",
			"plain", "unreadable",
		},
		{
			"8-bit header",
			"From: Fran\xe7ois <f@mission.example>\nSubject: R\xe9ponse\n\nx",
			"x", "",
		},
		{
			"bad date and bad From",
			"From: <<<\nDate: yesterday\n\nx",
			"x", `Date "yesterday" is not a date`,
		},
		{
			"encoded word in an unknown charset",
			"From: a@mission.example\nSubject: =?x-klingon?Q?Qapla=27?=\n\nx",
			"x", "",
		},
		{
			"HTML only",
			"From: a@mission.example\nContent-Type: text/html\n\n<html><head><style>p{}</style></head><body><p>Merci&nbsp;beaucoup</p><script>x()</script></body></html>",
			"Merci beaucoup", "",
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := triage.Parse([]byte(tc.raw))
			if err != nil {
				t.Fatalf("Parse: %v", err)
			}
			if got := m.Text(); !strings.Contains(got, tc.text) {
				t.Errorf("Text() = %q, want it to hold %q", got, tc.text)
			}
			found := tc.problem == ""
			for _, p := range m.Problems {
				found = found || strings.Contains(p, tc.problem)
			}
			if !found {
				t.Errorf("Problems = %q, want one saying %q", m.Problems, tc.problem)
			}
			r := triage.Classify(m, letters)
			for _, s := range []string{r.Subject, r.FromName, r.Excerpt, r.Reason} {
				if strings.ContainsRune(s, '\uFFFD') {
					t.Errorf("undecoded text %q", s)
				}
			}
		})
	}
}

func TestParseFields(t *testing.T) {
	m, err := triage.Parse(readTestdata(t, "human-fr-qp-latin1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	if m.FromName != "Secrétariat de la Mission permanente de Ruritanie" || m.From != "secretariat@mission-ruritanie.example" {
		t.Errorf("From = %q <%s>", m.FromName, m.From)
	}
	if m.ReturnPath != "secretariat@mission-ruritanie.example" || m.NullSender {
		t.Errorf("ReturnPath = %q, NullSender = %v", m.ReturnPath, m.NullSender)
	}
	if m.MessageID != "<PR1P264MB3571C2E7D0B5A3C19E2F4A77B713A@PR1P264MB3571.FRAP264.PROD.OUTLOOK.COM>" {
		t.Errorf("MessageID = %q", m.MessageID)
	}
	if got := m.Date.UTC().Format("2006-01-02 15:04:05"); got != "2025-09-17 14:03:22" {
		t.Errorf("Date = %s", got)
	}
	if len(m.Parts) != 1 || m.Parts[0].Charset() != "iso-8859-1" {
		t.Errorf("Parts = %+v", m.Parts)
	}

	m, err = triage.Parse(readTestdata(t, "gmail-5.1.1.eml"))
	if err != nil {
		t.Fatal(err)
	}
	var types []string
	for _, p := range m.Parts {
		types = append(types, p.MediaType)
	}
	if got := strings.Join(types, " "); got != "text/plain text/html image/png message/delivery-status message/rfc822" {
		t.Errorf("parts: %s", got)
	}
	png := m.Parts[2]
	if !png.Attachment || png.Filename != "icon.png" || !strings.HasPrefix(string(png.Body), "\x89PNG") {
		t.Errorf("icon part: attachment %v, filename %q, body %q", png.Attachment, png.Filename, png.Body[:4])
	}
	if inner := m.Parts[4].Message; inner == nil || inner.Subject != "Open letter on the Responsibility to Protect" {
		t.Errorf("attached message: %+v", inner)
	}
}

// TestParseDeep checks the limits on nesting and parts.
func TestParseDeep(t *testing.T) {
	var b strings.Builder
	b.WriteString("From: a@mission.example\n")
	for i := range 50 {
		b.WriteString("Content-Type: message/rfc822\n\nFrom: b@mission.example\n")
		_ = i
	}
	b.WriteString("\nbottom\n")
	if _, err := triage.Parse([]byte(b.String())); err != nil {
		t.Fatal(err)
	}

	b.Reset()
	b.WriteString("From: a@mission.example\nContent-Type: multipart/mixed; boundary=b\n\n")
	for range 2000 {
		b.WriteString("--b\n\npart\n")
	}
	b.WriteString("--b--\n")
	m, err := triage.Parse([]byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if len(m.Parts) >= 2000 || len(m.Problems) == 0 {
		t.Errorf("%d parts, problems %q", len(m.Parts), m.Problems)
	}
}

func TestReadMessage(t *testing.T) {
	m, err := triage.ReadMessage(strings.NewReader(string(readTestdata(t, "vacation-sieve.eml"))))
	if err != nil || m.Subject != "Auto: Open letter on the Responsibility to Protect" {
		t.Fatalf("ReadMessage: %v, %+v", err, m)
	}
	if _, err := triage.ReadMessage(strings.NewReader("")); !errors.Is(err, triage.ErrNotMessage) {
		t.Errorf("ReadMessage(empty) = %v", err)
	}
}
