package triage_test

import (
	"testing"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

// TestHTMLReplyExcerpt checks where the excerpt of a reply sent only as
// HTML stops: at the element in which the sender's mail client quotes the
// letter.
func TestHTMLReplyExcerpt(t *testing.T) {
	const header = "From: Mission <pm@mission.example>\nTo: letters@coalition.org\nSubject: Re: Open letter\n" +
		"Content-Type: text/html; charset=utf-8\n\n<html><head><style>p{margin:0}</style></head><body>" +
		"<p>Thank&nbsp;you.</p><p>We will reply &amp; soon.</p>"
	for _, c := range []struct{ quote, want string }{
		{`<div class="gmail_quote gmail_quote_container">the letter</div>`, "Thank you. We will reply & soon."},
		{`<DIV CLASS=GMAIL_QUOTE>the letter</DIV>`, "Thank you. We will reply & soon."},
		{`<div style="x" id="divRplyFwdMsg">the letter</div>`, "Thank you. We will reply & soon."},
		{`<div id="appendonsend"></div>the letter`, "Thank you. We will reply & soon."},
		{`<div id="mail-editor-reference-message-container">the letter</div>`, "Thank you. We will reply & soon."},
		{`<blockquote type="cite">the letter</blockquote>`, "Thank you. We will reply & soon."},
		{`<hr>the letter`, "Thank you. We will reply & soon."},
		{`<div class="note gmail_quote">P.S. mine</div>`, "Thank you. We will reply & soon. P.S. mine"},
		{`<div id="quote">P.S. mine</div>`, "Thank you. We will reply & soon. P.S. mine"},
	} {
		m, err := triage.Parse([]byte(header + c.quote + "</body></html>"))
		if err != nil {
			t.Fatal(err)
		}
		if r := triage.Classify(m, letters); r.Kind != triage.HumanReply || r.Excerpt != c.want {
			t.Errorf("%s: %s, Excerpt %q; want a human reply, %q", c.quote, r.Kind, r.Excerpt, c.want)
		}
	}
}
