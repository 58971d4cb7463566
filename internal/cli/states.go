package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/r2p-coalition/r2p/internal/config"
	"github.com/r2p-coalition/r2p/internal/states"
)

func statesCommand() command {
	return command{
		name:    "states",
		args:    "resolve NAME...",
		summary: "look up UN member and observer states by name",
		detail: `
'r2p states resolve' prints NAME<TAB>ISO3 for each name that names one state,
in any case or accents, in English, French or Spanish, or by a common or
former name (DR Congo, Burma, Swaziland, Ivory Coast, USA). A name that is
unknown or could mean several states gets an error line on stderr, and the
exit status is 1.

Example:
  r2p states resolve "DR Congo" Swaziland Korea`,
		run: runStates,
	}
}

func runStates(ctx context.Context, env Env, cfg *config.Config, args []string) error {
	if len(args) == 0 || args[0] != "resolve" {
		return &usageError{"want: r2p states resolve NAME..."}
	}
	names := args[1:]
	if len(names) == 0 {
		return &usageError{"give at least one NAME to resolve"}
	}
	failed := 0
	for _, name := range names {
		st, err := states.Resolve(name)
		if err != nil {
			failed++
			fmt.Fprintf(env.Stderr, "r2p states resolve: %v\n", err)
			continue
		}
		fmt.Fprintf(env.Stdout, "%s\t%s\n", name, st.Code)
	}
	if failed > 0 {
		return errReported
	}
	return nil
}

// errReported fails a command whose errors it has already printed.
var errReported = errors.New("errors reported above")
