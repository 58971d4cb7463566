package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/letters/delivery"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/mission"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
)

func deliverCommand() command {
	var to, station string
	var dryRun, asJSON bool
	return command{
		name:    "deliver",
		args:    "SLUG --to RECIPIENTS [--station NAME] [--dry-run] [--json]",
		summary: "queue a campaign's letter to the UN missions, one personalised e-mail with a PDF per address",
		detail: `
RECIPIENTS is one of
  members            the 193 UN member states
  observers          the 2 observer states
  all                both
  group:NAME         the members of a group on the day of sending, such as
                     group:NAM, group:African, "group:European Union"
  states:ISO3,ISO3   states picked one by one
  csv:FILE           the states in FILE's iso3 column (or its first column)

The letterhead (the coalition's name, place, signature and logo) is the
one set on /admin/settings; until one is set, the name is --coalition's.
The letters go to the addresses the missions directory holds for the
station (New York by default; see 'r2p missions'). Each address gets one
message per campaign, ever: a second deliver skips the addresses already
written to, so it is safe to run again after adding addresses. Each message
has a Message-ID of its own, the letter in the mission's working language
(English when the campaign has no text in it) with a PDF of the signed
letter and its signatory annex, and a Reply-To and envelope sender of its own
(plus-addresses of --reply-mailbox), by which replies and bounces find it.

deliver only queues: the mail workers of the running 'r2p serve' (any
number, on one database) send the messages and retry them. Follow them
with 'r2p outbox status SLUG'. --dry-run prints what would be queued and
queues nothing.`,
		interspersed: true,
		flags: func(cfg *config.Config, getenv func(string) string) {
			dataFlags(cfg, getenv)
			cfg.MailFlags(getenv)
			cfg.LetterFlags(getenv)
		},
		ownFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&to, "to", "",
				"the `recipients`: members, observers, all, group:NAME, states:ISO3,ISO3 or csv:FILE")
			fs.StringVar(&station, "station", mission.DefaultStation, "the duty `station` of the missions written to")
			fs.BoolVar(&dryRun, "dry-run", false, "print what would be queued; queue nothing")
			fs.BoolVar(&asJSON, "json", false, "print the plan or the result as JSON")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) != 1 {
				return &usageError{"want one campaign: r2p deliver SLUG --to RECIPIENTS"}
			}
			if to == "" {
				return &usageError{"--to: say who the letter goes to: members, observers, all, group:NAME, states:ISO3,ISO3 or csv:FILE"}
			}
			rcpt, err := readRecipients(to)
			if err != nil {
				return &usageError{"--to: " + err.Error()}
			}
			return runDeliver(ctx, env, cfg, args[0], rcpt, strings.TrimSpace(station), dryRun, asJSON)
		},
	}
}

// readRecipients reads --to; csv:FILE names a file of states.
func readRecipients(spec string) (delivery.Recipients, error) {
	name, ok := strings.CutPrefix(spec, "csv:")
	if !ok {
		return delivery.ParseRecipients(spec)
	}
	f, err := os.Open(name)
	if err != nil {
		return delivery.Recipients{}, err
	}
	defer f.Close()
	rcpt, err := delivery.ReadStatesCSV(f)
	if err != nil {
		return rcpt, fmt.Errorf("%s: %w", name, err)
	}
	return rcpt, nil
}

// letterhead is the coalition as the letters present it: the settings
// stored on /admin/settings, else the name --coalition gives.
func letterhead(ctx context.Context, s *store.Store, cfg *config.Config) (mailmerge.Coalition, error) {
	c, err := s.Coalition(ctx)
	if errors.Is(err, store.ErrNotFound) {
		c, err = mailmerge.Coalition{Name: strings.TrimSpace(cfg.Coalition)}, nil
	}
	if err == nil && c.Name == "" {
		err = &usageError{"--coalition: the coalition's name is required: letters are signed with it; set it on /admin/settings or with --coalition (R2P_COALITION)"}
	}
	return c, err
}

func runDeliver(ctx context.Context, env Env, cfg *config.Config, slug string, rcpt delivery.Recipients,
	station string, dryRun, asJSON bool) error {
	log := newLogger(cfg, env.Stderr)
	s, _, err := openMigrated(ctx, cfg, log, "cli")
	if err != nil {
		return err
	}
	defer s.Close()
	c, err := s.CampaignBySlug(ctx, slug)
	if errors.Is(err, store.ErrNotFound) {
		return fmt.Errorf("no campaign %q", slug)
	}
	if err != nil {
		return err
	}
	coalition, err := letterhead(ctx, s, cfg)
	if err != nil {
		return err
	}
	opt := delivery.Options{Coalition: coalition, From: cfg.MailFrom, ReplyMailbox: cfg.ReplyMailbox, Now: time.Now()}
	plan, err := delivery.Prepare(ctx, s, c, rcpt, station, opt)
	if err != nil {
		return err
	}
	warnUndrawn(env.Stderr, "r2p deliver", plan.Undrawn)
	if dryRun {
		return printPlan(env, plan, asJSON)
	}
	res, err := delivery.Queue(ctx, s, plan, "cli")
	if err != nil {
		return err
	}
	if asJSON {
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"delivery_id": res.DeliveryID,
			"queued": res.Queued, "skipped": res.Skipped, "no_address": nonNil(plan.NoAddress)})
	}
	fmt.Fprintf(env.Stdout, "delivery %d of %s to %s (%s): %d messages queued, %d addresses already written to\n",
		res.DeliveryID, c.Slug, rcpt, station, res.Queued, res.Skipped)
	if len(plan.NoAddress) > 0 {
		fmt.Fprintf(env.Stdout, "%d states have no e-mail address at %s and were not written to: %s\n",
			len(plan.NoAddress), station, strings.Join(plan.NoAddress, " "))
	}
	fmt.Fprintf(env.Stdout, "the running 'r2p serve' sends them; follow with: r2p outbox status %s\n", c.Slug)
	return nil
}

type plannedMessage struct {
	State    string `json:"state"`
	Station  string `json:"station"`
	Address  string `json:"address"`
	Lang     string `json:"lang"`
	Fallback string `json:"fallback,omitempty"`
	Subject  string `json:"subject"`
	PDF      string `json:"pdf"`
	Already  bool   `json:"already_sent"`
}

func printPlan(env Env, plan delivery.Plan, asJSON bool) error {
	var list []plannedMessage
	for _, m := range plan.Messages {
		list = append(list,
			plannedMessage{m.Mission.State, m.Mission.Station, m.Address, m.Letter.Lang, m.Letter.Fallback,
				m.Letter.Subject,
				fmt.Sprintf("%s (%d bytes)", m.Letter.FileName, len(m.Letter.PDF)), m.Already})
	}
	if asJSON {
		return json.NewEncoder(env.Stdout).Encode(map[string]any{"messages": nonNil(list), "new": plan.New(),
			"no_address": nonNil(plan.NoAddress)})
	}
	w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "STATE\tSTATION\tADDRESS\tLANG\tPDF\t")
	for _, m := range list {
		note := m.Fallback
		if m.Already {
			note = "already written to: skipped"
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%s\n", m.State, m.Station, m.Address, m.Lang, m.PDF, note)
	}
	w.Flush()
	fmt.Fprintf(env.Stdout, "dry run: %d messages would be queued, %d skipped", plan.New(),
		len(plan.Messages)-plan.New())
	if len(plan.NoAddress) > 0 {
		fmt.Fprintf(env.Stdout, "; %d states have no address at %s: %s", len(plan.NoAddress), plan.Station,
			strings.Join(plan.NoAddress, " "))
	}
	fmt.Fprintln(env.Stdout)
	return nil
}

func nonNil[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}

func outboxCommand() command {
	return command{
		name:    "outbox",
		args:    "status SLUG [--json]",
		summary: "follow a campaign's letters to the missions",
		detail: `
'r2p outbox status SLUG' prints, for every message the campaign has queued
to a mission, its state, station, address, language, status (queued,
sending, sent, failed), attempts, when it was sent, the newest incoming
message about it (its kind and status code, e.g. "hard_bounce 5.1.1"; see
'r2p mail ingest'), the number of replies from people and the last error,
then the totals. --json prints an array of objects with those fields.`,
		run: func(ctx context.Context, env Env, _ *config.Config, args []string) error {
			if len(args) == 0 || args[0] != "status" {
				return &usageError{"want: r2p outbox status SLUG [--json]"}
			}
			return runCommand(ctx, outboxStatusCommand(), env, args[1:])
		},
	}
}

// letterStatus is a letter to a mission with what came back about it. The
// keys of store.DeliveryRecipient keep their names in JSON.
type letterStatus struct {
	store.DeliveryRecipient
	// Incoming is the newest incoming message's kind and status code,
	// e.g. "hard_bounce 5.1.1" or "human_reply"; "" when none came.
	Incoming      string    `json:"incoming,omitempty"`
	IncomingKind  string    `json:"incoming_kind,omitempty"`
	IncomingAt    time.Time `json:"incoming_at,omitzero"`
	IncomingCount int       `json:"incoming_count"` // every incoming message attached to the letter
	Replies       int       `json:"replies"`        // of which replies from people
}

func letterStatuses(ctx context.Context, s *store.Store, campaignID int64) ([]letterStatus, error) {
	letters, err := s.DeliveryRecipients(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	sums, err := s.InboundByLetter(ctx, campaignID)
	if err != nil {
		return nil, err
	}
	list := make([]letterStatus, len(letters))
	for i, l := range letters {
		list[i] = letterStatus{DeliveryRecipient: l}
		if sum, ok := sums[l.ID]; ok {
			list[i].Incoming = strings.TrimSpace(sum.Latest.String() + " " + sum.LatestStatus)
			list[i].IncomingKind, list[i].IncomingAt = sum.Latest.String(), sum.LatestAt
			list[i].IncomingCount, list[i].Replies = sum.Messages, sum.HumanReplies
		}
	}
	return list, nil
}

func outboxStatusCommand() command {
	var asJSON bool
	return command{
		name:         "outbox status",
		args:         "SLUG",
		summary:      "print the status of each of a campaign's letters to the missions",
		interspersed: true,
		flags:        dataFlags,
		ownFlags:     func(fs *flag.FlagSet) { fs.BoolVar(&asJSON, "json", false, "print a JSON array") },
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) != 1 {
				return &usageError{"want one campaign: r2p outbox status SLUG"}
			}
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			c, err := s.CampaignBySlug(ctx, args[0])
			if errors.Is(err, store.ErrNotFound) {
				return fmt.Errorf("no campaign %q", args[0])
			}
			if err != nil {
				return err
			}
			list, err := letterStatuses(ctx, s, c.ID)
			if err != nil {
				return err
			}
			if asJSON {
				return json.NewEncoder(env.Stdout).Encode(nonNil(list))
			}
			w := tabwriter.NewWriter(env.Stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "STATE\tSTATION\tADDRESS\tLANG\tSTATUS\tATTEMPTS\tSENT\tINCOMING\tREPLIES\tLAST ERROR")
			counts := map[string]int{}
			incoming := 0
			for _, r := range list {
				sent := ""
				if !r.SentAt.IsZero() {
					sent = r.SentAt.Format(time.DateTime)
				}
				counts[string(r.Status)]++
				incoming += r.IncomingCount
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\t%d\t%s\t%s\t%d\t%s\n", r.State, r.Station, r.Address,
					r.Lang, r.Status, r.Attempts, sent, r.Incoming, r.Replies, r.LastError)
			}
			w.Flush()
			fmt.Fprintf(env.Stdout, "%d messages: %d sent, %d queued, %d sending, %d failed\n", len(list),
				counts["sent"], counts["queued"], counts["sending"], counts["failed"])
			if incoming > 0 {
				byKind, err := s.InboundCounts(ctx, c.ID)
				if err != nil {
					return err
				}
				fmt.Fprintf(env.Stdout,
					"%d incoming messages: %d hard bounces, %d soft bounces, %d delay notices, %d automatic replies, %d replies from people, %d other\n",
					incoming, byKind[triage.HardBounce], byKind[triage.SoftBounce], byKind[triage.Delay],
					byKind[triage.AutoReply], byKind[triage.HumanReply],
					byKind[triage.Delivered]+byKind[triage.Unknown])
			}
			return nil
		},
	}
}
