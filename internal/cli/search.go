package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/evidence/statement"
	"github.com/r2p-coalition/r2p/internal/states"
	"github.com/r2p-coalition/r2p/internal/store"
)

func searchCommand() command {
	var q store.SearchQuery
	var body string
	var asJSON bool
	return command{
		name:    "search",
		args:    "QUERY",
		summary: "search the statements' full text",
		detail: `
QUERY is written as in a web search engine: words (all must occur),
"a phrase", OR between alternatives, -word to leave out the statements
with that word. Case does not matter. The best matches come first, each
with a passage around the matches ([like this]).

Examples:
  r2p search '"responsibility to protect" sovereignty' --year-from 2005
  r2p search genocide --state RWA --json`,
		flags:        dataFlags,
		interspersed: true,
		ownFlags: func(fs *flag.FlagSet) {
			fs.StringVar(&q.State, "state", "", "only the statements of this speaker (ISO3 code, EUU, ...)")
			fs.StringVar(&q.Group, "group", "",
				"only the statements on behalf of this group or by its members of the day")
			fs.StringVar(&body, "body", "", "only the statements at events of this body (ga-plenary, ...)")
			fs.IntVar(&q.YearFrom, "year-from", 0, "only the statements of this year or later")
			fs.IntVar(&q.YearTo, "year-to", 0, "only the statements of this year or earlier")
			fs.StringVar(&q.Language, "language", "", "only the statements in this language (en, fr, ...)")
			fs.IntVar(&q.Limit, "limit", store.DefaultSearchLimit,
				fmt.Sprintf("the number of results, at most %d", store.MaxSearchLimit))
			fs.IntVar(&q.Offset, "offset", 0, "skip this many results")
			fs.BoolVar(&asJSON, "json", false, "print a JSON object: total and hits")
		},
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) == 0 {
				return &usageError{"give the QUERY to search for"}
			}
			q.Query, q.Body = strings.Join(args, " "), statement.Body(body)
			if q.Group != "" {
				g, ok := states.ResolveGroup(q.Group)
				if !ok {
					return &usageError{fmt.Sprintf("--group %q: not a known group (%s)", q.Group,
						strings.Join(states.Groups(), ", "))}
				}
				q.Group = g
			}
			s, _, err := openMigrated(ctx, cfg, newLogger(cfg, env.Stderr), "cli")
			if err != nil {
				return err
			}
			defer s.Close()
			res, err := s.SearchStatements(ctx, q)
			if errors.Is(err, store.ErrBadQuery) {
				return &usageError{err.Error()}
			}
			if err != nil {
				return err
			}
			if asJSON {
				return printJSON(env.Stdout, res)
			}
			if res.Total == 0 {
				fmt.Fprintln(env.Stdout, "no statement matches")
				return nil
			}
			fmt.Fprintf(env.Stdout, "%d statements match; %d to %d:\n", res.Total, min(q.Offset+1, res.Total),
				q.Offset+len(res.Hits))
			tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', 0)
			for _, h := range res.Hits {
				fmt.Fprintf(tw, "%d\t%d\t%s\t%s\t%s\n", h.Statement.ID, h.Statement.Year,
					orDash(h.Statement.DisplayName(states.Default())),
					h.EventTitle, bracketed(h))
			}
			return tw.Flush()
		},
	}
}

// bracketed is a hit's snippet on one line, the matches in brackets.
func bracketed(h store.SearchHit) string {
	var b strings.Builder
	last := 0
	for _, m := range h.Marks {
		b.WriteString(h.Snippet[last:m[0]] + "[" + h.Snippet[m[0]:m[1]] + "]")
		last = m[1]
	}
	b.WriteString(h.Snippet[last:])
	return strings.Join(strings.Fields(b.String()), " ")
}
