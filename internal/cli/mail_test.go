package cli_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"testing"
)

// queuedTags delivers the demo letter to GHA and FRA and returns each
// address's tag.
func queuedTags(t *testing.T, env map[string]string) map[string]string {
	t.Helper()
	if code, _, errOut := r2p(t, env, "deliver", "ga-2009", "--to", "states:GHA,FRA"); code != 0 {
		t.Fatalf("deliver: %s", errOut)
	}
	_, out, _ := r2p(t, env, "outbox", "status", "ga-2009", "--json")
	var list []struct{ Address, Tag string }
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 3 {
		t.Fatalf("outbox status: %v\n%s", err, out)
	}
	tags := map[string]string{}
	for _, l := range list {
		tags[l.Address] = l.Tag
	}
	return tags
}

// TestMailIngest takes in package triage's mbox file, whose tags are
// rewritten to those of the letters just queued: each line says where the
// message is, what it is and which letter it is attached to; the message
// that cannot be read is reported (exit 1) and the others stored; the same
// file again stores nothing; 'outbox status' shows the newest incoming
// message and the replies per letter.
func TestMailIngest(t *testing.T) {
	env := demoDatabase(t)
	env["R2P_REPLY_MAILBOX"] = "letters@coalition.org" // the samples' mailbox
	tags := queuedTags(t, env)
	mbox, err := os.ReadFile("../mail/triage/testdata/mixed.mbox")
	if err != nil {
		t.Fatal(err)
	}
	rewritten := strings.NewReplacer("k7m2p9", tags["mission@gha.example.org"], "f4g6h8", tags["contact@fra.example.org"],
		"w3e5r7", tags["press@fra.example.org"]).Replace(string(mbox))
	file := writeFile(t, "mixed.mbox", rewritten)

	code, out, errOut := r2p(t, env, "mail", "ingest", file)
	if code != 1 || errOut != "" {
		t.Errorf("exit %d, want 1 (a message not read); stderr %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 10 || !strings.HasPrefix(lines[0], "MESSAGE ") {
		t.Fatalf("output:\n%s", out)
	}
	// The From_ lines start the messages: mboxrd escapes any other.
	offsets := []int{0}
	for i := strings.Index(rewritten, "\nFrom "); i >= 0; {
		offsets = append(offsets, i+1)
		next := strings.Index(rewritten[i+1:], "\nFrom ")
		if next < 0 {
			break
		}
		i += 1 + next
	}
	at := func(i int) string { return fmt.Sprintf("%s#%d (byte %d) ", file, i, offsets[i]) }
	for i, want := range []string{
		file + "#0 hard_bounce 5.1.1 " + tags["mission@gha.example.org"] + " GHA mission@gha.example.org (by tag) delivery status notification: Action failed, Status 5.1.1",
		at(1) + "hard_bounce 5.1.1 z9x7c5 not attached bounce text: ",
		at(2) + "not read - - inbound: ",
		at(3) + "human_reply " + tags["contact@fra.example.org"] + " FRA contact@fra.example.org (by tag) a person's message",
		at(4) + "auto_reply " + tags["press@fra.example.org"] + " FRA press@fra.example.org (by tag) Auto-Submitted: auto-replied",
		at(5) + "human_reply r3t5y7 not attached a person's message",
		at(6) + "delay 4.4.1 e5f6g7 not attached delivery status notification: Action delayed",
		at(7) + "human_reply a9s8d7 not attached a person's message",
	} {
		if line := squeeze(lines[i+1]); !strings.HasPrefix(line, want) {
			t.Errorf("message %d:\n%s\nwant it to start with\n%s", i, line, want)
		}
	}
	if lines[9] != "8 messages: 7 new (3 attached to a letter, 4 not attached), 0 stored before, 1 not read" {
		t.Errorf("summary: %s", lines[9])
	}

	code, out, _ = r2p(t, env, "mail", "ingest", file)
	if code != 1 || !strings.HasSuffix(out, "8 messages: 0 new (0 attached to a letter, 0 not attached), 7 stored before, 1 not read\n") ||
		!strings.Contains(squeeze(out), "GHA mission@gha.example.org (by tag), stored before") {
		t.Errorf("again: exit %d\n%s", code, out)
	}

	code, out, _ = r2p(t, env, "outbox", "status", "ga-2009")
	if code != 0 || !strings.Contains(out, " INCOMING ") ||
		!strings.HasSuffix(out, "3 messages: 0 sent, 3 queued, 0 sending, 0 failed\n"+
			"3 incoming messages: 1 hard bounces, 0 soft bounces, 0 delay notices, 1 automatic replies, 1 replies from people, 0 other\n") {
		t.Errorf("outbox status: exit %d\n%s", code, out)
	}
	for _, want := range []string{"GHA New York mission@gha.example.org en queued 0 hard_bounce 5.1.1 0", "FRA New York contact@fra.example.org en queued 0 human_reply 1",
		"FRA New York press@fra.example.org en queued 0 auto_reply 0"} {
		if !strings.Contains(squeeze(out), want) {
			t.Errorf("outbox status lacks %q:\n%s", want, out)
		}
	}
	_, out, _ = r2p(t, env, "outbox", "status", "ga-2009", "--json")
	var list []map[string]any
	if err := json.Unmarshal([]byte(out), &list); err != nil || len(list) != 3 {
		t.Fatalf("--json: %v\n%s", err, out)
	}
	contact := list[0] // FRA contact@ sorts first
	if contact["address"] != "contact@fra.example.org" || contact["incoming"] != "human_reply" || contact["incoming_kind"] != "human_reply" ||
		contact["replies"] != 1.0 || contact["incoming_count"] != 1.0 || contact["tag"] != tags["contact@fra.example.org"] || contact["message_id"] == nil {
		t.Errorf("--json: %v", contact)
	}
	if gha := list[2]; gha["incoming"] != "hard_bounce 5.1.1" || gha["replies"] != 0.0 {
		t.Errorf("--json: %v", gha)
	}
}

// squeeze makes each run of spaces one, as tabwriter's padding varies.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

func TestMailIngestErrors(t *testing.T) {
	env := demoDatabase(t)
	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"mail"}, 2, "want: r2p mail ingest FILE..."},
		{[]string{"mail", "ingest"}, 2, "give one or more .eml or mbox files"},
		{[]string{"mail", "ingest", "/nonexistent/bounce.eml"}, 1, "open /nonexistent/bounce.eml: no such file or directory"},
		{[]string{"mail", "ingest", writeFile(t, "empty.eml", "")}, 1, ""},
	} {
		code, _, errOut := r2p(t, env, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("r2p %s: exit %d, stderr %q; want %d and %q", strings.Join(c.args, " "), code, errOut, c.code, c.want)
		}
	}
	code, out, _ := r2p(t, env, "mail", "ingest", writeFile(t, "empty.eml", ""))
	if code != 1 || !strings.Contains(squeeze(out), "empty.eml not read - - inbound: empty input: not an e-mail message") {
		t.Errorf("empty file: exit %d\n%s", code, out)
	}
}

// TestMailIngestStdin reads a message from standard input, in a separate
// process.
func TestMailIngestStdin(t *testing.T) {
	env := demoDatabase(t)
	raw, err := os.ReadFile("../mail/triage/testdata/human-fr-qp-latin1.eml")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "mail", "ingest", "-")
	cmd.Env = append(os.Environ(), "R2P_TEST_AS_R2P=1", "R2P_DB="+env["R2P_DB"], "R2P_REPLY_MAILBOX=letters@coalition.org")
	cmd.Stdin = bytes.NewReader(raw)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("%v: %s", err, errOut.String())
	}
	if got := squeeze(out.String()); !strings.Contains(got, "standard input human_reply f4g6h8 not attached a person's message") ||
		!strings.HasSuffix(out.String(), "1 messages: 1 new (0 attached to a letter, 1 not attached), 0 stored before, 0 not read\n") {
		t.Errorf("stdout:\n%s", out.String())
	}
}
