package cli

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

func eventsCommand() command {
	return command{
		name:    "events",
		args:    "add|list|show|group ...",
		summary: "the UN meetings and debates whose statements r2p keeps",
		detail: `
An event is a UN meeting or debate: its body, title, dates, session, the
document symbols of its records and the campaigns that targeted it.

  r2p events add --body BODY --title TITLE --start YYYY-MM-DD [--end YYYY-MM-DD]
                 [--session N] [--symbol A/63/PV.97]... [--campaign SLUG|ID]...
  r2p events list [--year YYYY] [--body BODY] [--json]
  r2p events show [--json] ID
  r2p events group --as-of YYYY-MM-DD [--source TEXT] NAME STATE...

BODY is ga-plenary, ga-informal-dialogue, sc-open-debate, hrc or other.
'show' prints the event, who it heard from — each state's statements in its
own name, for a group it delivered for, and the group statements that
represented it, counted once — and its statements in order. 'group' stores
an ad hoc list of states for a joint statement on behalf of a group r2p does
not know, and prints its name for on_behalf_of: list:ID.

Give the database flags after the subcommand: r2p events list --db r2p.db`,
		run: runEvents,
	}
}

func runEvents(ctx context.Context, env Env, _ *config.Config, args []string) error {
	if len(args) == 0 {
		return &usageError{"want: r2p events add|list|show|group ..."}
	}
	switch args[0] {
	case "add":
		return runCommand(ctx, eventsAddCommand(), env, args[1:])
	case "list":
		return runCommand(ctx, eventsListCommand(), env, args[1:])
	case "show":
		return runCommand(ctx, eventsShowCommand(), env, args[1:])
	case "group":
		return runCommand(ctx, eventsGroupCommand(), env, args[1:])
	}
	return &usageError{fmt.Sprintf("unknown subcommand %q; want add, list, show or group", args[0])}
}

// listFlag is a flag that may be given several times.
type listFlag []string

func (l *listFlag) String() string     { return strings.Join(*l, ", ") }
func (l *listFlag) Set(s string) error { *l = append(*l, s); return nil }

func eventsAddCommand() command {
	var e statement.Event
	var symbols, campaigns listFlag
	var body string
	return command{
		name:    "events add",
		summary: "add an event",
		flags:   dataFlags,
		ownFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&body, "body", "", "ga-plenary, ga-informal-dialogue, sc-open-debate, hrc or other")
			fs.StringVar(&e.Title, "title", "", "the event's title")
			fs.StringVar(&e.Start, "start", "", "its first day, YYYY-MM-DD")
			fs.StringVar(&e.End, "end", "", "its last day (default: the first)")
			fs.IntVar(&e.Year, "year", 0, "its year, when the days are not known")
			fs.StringVar(&e.Session, "session", "", "the session's number")
			fs.Var(&symbols, "symbol", "a document `symbol` of its records (repeat for several)")
			fs.Var(&campaigns, "campaign", "a campaign that targeted it, by `slug or id` (repeat for several)")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Sprintf("unexpected arguments %q", args)}
			}
			e.Body, e.Symbols = statement.Body(body), symbols
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			for _, c := range campaigns {
				id, err := campaignID(ctx, s, c)
				if err != nil {
					return err
				}
				e.Campaigns = append(e.Campaigns, id)
			}
			e.Normalize()
			if err := e.Validate(); err != nil {
				return &usageError{err.Error()}
			}
			var created statement.Event
			err = s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				created, err = tx.CreateEvent(ctx, "cli", e)
				return err
			})
			if errors.Is(err, store.ErrDuplicate) {
				return fmt.Errorf("there is already an event %q of %s in %d", e.Title, e.Body, e.Year)
			}
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "event %d: %s\n", created.ID, created.Title)
			return s.Close()
		},
	}
}

// campaignID finds a campaign by id or slug.
func campaignID(ctx context.Context, s *store.Store, ref string) (int64, error) {
	if id, err := strconv.ParseInt(ref, 10, 64); err == nil {
		c, err := s.Campaign(ctx, id)
		return c.ID, err
	}
	c, err := s.CampaignBySlug(ctx, ref)
	if err != nil {
		return 0, fmt.Errorf("campaign %q: %w", ref, err)
	}
	return c.ID, nil
}

func eventsListCommand() command {
	var f store.EventFilter
	var body string
	var asJSON bool
	return command{
		name:    "events list",
		summary: "list the events, the latest first",
		flags:   dataFlags,
		ownFlags: func(fs *flag.FlagSet) {
			fs.IntVar(&f.Year, "year", 0, "only the events of this year")
			fs.StringVar(&body, "body", "", "only the events of this body")
			fs.BoolVar(&asJSON, "json", false, "print a JSON array")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			f.Body = statement.Body(body)
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			list, err := s.Events(ctx, f)
			if err != nil {
				return err
			}
			if asJSON {
				if list == nil {
					list = []store.EventSummary{}
				}
				return printJSON(env.Stdout, list)
			}
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			fmt.Fprintln(tw, "ID\tYEAR\tDATES\tBODY\tSTATEMENTS\tTITLE")
			for _, e := range list {
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%d\t%s\n", e.ID, e.Year, eventDates(e.Event), e.Body,
					e.Statements, e.Title)
			}
			return tw.Flush()
		},
	}
}

// eventDates writes an event's days: "2009-07-23", "2009-07-23 to 2009-07-28",
// or "-" when they are not known.
func eventDates(e statement.Event) string {
	switch {
	case e.Start == "":
		return "-"
	case e.End == e.Start:
		return e.Start
	}
	return e.Start + " to " + e.End
}

func printJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

func eventsShowCommand() command {
	var asJSON bool
	return command{
		name:         "events show",
		args:         "ID",
		summary:      "show an event, who it heard from, and its statements",
		flags:        dataFlags,
		interspersed: true,
		ownFlags:     func(fs *flag.FlagSet) { fs.BoolVar(&asJSON, "json", false, "print a JSON object") },
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) != 1 {
				return &usageError{"give the event's ID"}
			}
			id, err := strconv.ParseInt(args[0], 10, 64)
			if err != nil {
				return &usageError{fmt.Sprintf("%q is not an event id", args[0])}
			}
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			report, err := s.EventReport(ctx, states.Default(), id)
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, report)
			}
			return printEventReport(env.Stdout, report)
		},
	}
}

func printEventReport(w io.Writer, r store.EventReport) error {
	e, t := r.Event, r.Tally
	fmt.Fprintf(w, "%s\n%s, %s", e.Title, e.Body, eventDates(e))
	if e.Session != "" {
		fmt.Fprintf(w, ", session %s", e.Session)
	}
	fmt.Fprintln(w)
	if len(e.Symbols) > 0 {
		fmt.Fprintf(w, "Records: %s\n", strings.Join(e.Symbols, ", "))
	}
	fmt.Fprintf(w, "%d statements (%d joint) by %d speakers; %d states took the floor, %d were spoken for\n\n",
		t.Statements, t.Joint, t.Speakers, t.StatesSpeaking, t.StatesRepresented)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "STATE\tNATIONAL\tDELIVERED\tREPRESENTED\tTOTAL\tGROUPS")
	for _, c := range t.States {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%s\n", c.State, c.National, c.Delivered, c.Represented, c.Total,
			orDash(strings.Join(c.Groups, "; ")))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "ID\tORDER\tSPEAKER\tON BEHALF OF\tP\tTEXT")
	for _, st := range r.Statements {
		procedural := "-"
		if st.Procedural {
			procedural = "P"
		}
		fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\t%s\n", st.ID, st.Order, orDash(st.DisplayName(states.Default())),
			orDash(st.OnBehalfOf), procedural, excerpt(st.Text))
	}
	return tw.Flush()
}

func eventsGroupCommand() command {
	var g statement.AdHocGroup
	return command{
		name:         "events group",
		args:         "NAME STATE...",
		summary:      "store an ad hoc list of states that a joint statement spoke for",
		flags:        dataFlags,
		interspersed: true,
		ownFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&g.AsOf, "as-of", "", "the day the list is true of, YYYY-MM-DD")
			fs.StringVar(&g.Source, "source", "", "where the list comes from")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) < 2 {
				return &usageError{"give the list's NAME and its STATEs (codes or names)"}
			}
			g.Name, g.Members = args[0], args[1:]
			if err := g.Prepare(states.Default()); err != nil {
				return &usageError{err.Error()}
			}
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			var created statement.AdHocGroup
			err = s.Transact(ctx, func(tx *store.Tx) error {
				var err error
				created, err = tx.CreateAdHocGroup(ctx, "cli", g)
				return err
			})
			if err != nil {
				return err
			}
			fmt.Fprintf(env.Stdout, "%s%d: %s (%d states as of %s)\n", statement.AdHocPrefix, created.ID,
				created.Name, len(created.Members), created.AsOf)
			return s.Close()
		},
	}
}
