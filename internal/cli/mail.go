package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/mail/inbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
)

func mailCommand() command {
	return command{
		name:    "mail",
		args:    "ingest FILE...",
		summary: "take in bounces and replies to the letters from .eml or mbox files",
		detail: `
'r2p mail ingest FILE...' reads incoming mail — one message per .eml file,
or an mbox file of many — and keeps each message with the letter to a
mission it is about: see 'r2p mail ingest --help'.`,
		run: func(ctx context.Context, env Env, _ *config.Config, args []string) error {
			if len(args) == 0 || args[0] != "ingest" {
				return &usageError{"want: r2p mail ingest FILE..."}
			}
			return runCommand(ctx, mailIngestCommand(), env, args[1:])
		},
	}
}

func mailIngestCommand() command {
	return command{
		name:    "mail ingest",
		args:    "FILE...",
		summary: "take in bounces and replies to the letters from .eml or mbox files (- for standard input)",
		detail: `
Each message is classified — hard bounce, soft bounce, delay notice (not a
bounce), automatic reply, a person's reply, delivery report or unknown —
and attached to the letter it is about: the one whose reply address
(--reply-mailbox, plus a tag) it was sent back to, else the one whose
Message-ID it refers to. A message that names no letter is kept
unattached, for staff to look at on the upload page.

One line per message: where it is (FILE#INDEX and its byte offset for an
mbox file), its kind, its tag, the letter it is attached to (state and
address) and why it was classified so; then a summary. A message stored
before (the same Message-ID) is not stored again, so a file can be given
twice. A message that cannot be read is reported and the others are
stored; the exit status is then 1. Each file is stored in one transaction
with one audit event; it works while 'r2p serve' runs.`,
		interspersed: true,
		flags: func(cfg *config.Config, getenv func(string) string) {
			dataFlags(cfg, getenv)
			cfg.MailFlags(getenv)
			cfg.ReplyMailboxFlag(getenv)
		},
		run: runMailIngest,
	}
}

// mailFile is one file given to mail ingest.
type mailFile struct {
	name string
	data []byte
}

func runMailIngest(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) == 0 {
		return &usageError{"give one or more .eml or mbox files, or - for standard input"}
	}
	var files []mailFile
	for _, arg := range args {
		data, err := readMailFile(arg)
		if err != nil {
			return err
		}
		files = append(files, mailFile{displayName(arg), data})
	}
	log := newLogger(cfg, env.Stderr)
	s, _, err := openMigrated(ctx, cfg, log, "cli")
	if err != nil {
		return err
	}
	defer s.Close()
	boxes, err := replyMailboxes(cfg)
	if err != nil {
		log.Warn(err.Error())
	}
	in := inbox.New(s, boxes...)
	var sum inbox.Report
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "MESSAGE\tKIND\tTAG\tLETTER\tREASON")
	for _, f := range files {
		rep, err := in.Ingest(ctx, store.InboundCLI, "cli", inbox.Split(f.name, f.data))
		if err != nil {
			w.Flush()
			return err
		}
		for _, o := range rep.Outcomes {
			printOutcome(w, o)
		}
		sum.New, sum.Attached = sum.New+rep.New, sum.Attached+rep.Attached
		sum.Duplicates, sum.Bad = sum.Duplicates+rep.Duplicates, sum.Bad+rep.Bad
		sum.Outcomes = append(sum.Outcomes, rep.Outcomes...)
	}
	w.Flush()
	fmt.Fprintf(env.Stdout,
		"%d messages: %d new (%d attached to a letter, %d not attached), %d stored before, %d not read\n",
		len(sum.Outcomes), sum.New, sum.Attached, sum.New-sum.Attached, sum.Duplicates, sum.Bad)
	if sum.Bad > 0 {
		return errReported
	}
	return nil
}

// maxMailFile bounds a file given to mail ingest: a year of bounces in
// one mbox file is far less.
const maxMailFile = 512 << 20

func readMailFile(name string) ([]byte, error) {
	var r io.Reader = os.Stdin
	if name != "-" {
		f, err := os.Open(name)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	data, err := io.ReadAll(io.LimitReader(r, maxMailFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", displayName(name), err)
	}
	if len(data) > maxMailFile {
		return nil, fmt.Errorf("%s: larger than %d MiB; split the mbox file", displayName(name), maxMailFile>>20)
	}
	return data, nil
}

func printOutcome(w io.Writer, o inbox.Outcome) {
	where := o.Ref
	if o.Offset > 0 {
		where += fmt.Sprintf(" (byte %d)", o.Offset)
	}
	if o.Err != nil {
		fmt.Fprintf(w, "%s\tnot read\t-\t-\t%v\n", where, o.Err)
		return
	}
	m := o.Message
	letter := "not attached"
	if m.Attached() {
		letter = fmt.Sprintf("%s %s (by %s)", m.State, m.Address, m.AttachedBy)
	}
	if !o.New {
		letter += ", stored before"
	}
	kind := m.Kind.String()
	if m.StatusCode != "" {
		kind += " " + m.StatusCode
	}
	fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", where, kind, orDash(m.Tag), letter, m.Reason)
}

// replyMailboxes are the mailboxes whose tags name letters: the reply
// mailbox, else the sender's address. When neither can carry tags, the
// error says so: messages are then attached by the Message-IDs they refer
// to only.
func replyMailboxes(cfg *config.Config) ([]triage.Mailbox, error) {
	box, err := inbox.Mailbox(cfg.ReplyMailbox, cfg.MailFrom)
	if err != nil {
		return nil, fmt.Errorf("no reply mailbox whose tags name the letters (--reply-mailbox, else --mail-from): incoming mail is attached by the Message-IDs it refers to only: %w", err)
	}
	return []triage.Mailbox{box}, nil
}
