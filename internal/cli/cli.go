// Package cli is r2p's command line: one function per subcommand, each
// with its own flags and --help.
package cli

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/config"
)

// Env is what a command may touch of the outside world.
type Env struct {
	Stdout, Stderr io.Writer
	Getenv         func(string) string
	// IsTerminal tells whether w is a terminal, where long commands show
	// their progress on a line redrawn in place; nil looks at the file
	// behind w. Tests set it to see what a terminal would get.
	IsTerminal func(w io.Writer) bool
	// Now paces the redraws of that line; nil is time.Now.
	Now func() time.Time
}

// command is one subcommand.
type command struct {
	name    string
	args    string // the synopsis after the flags, e.g. "NAME..."
	summary string
	detail  string // more help, printed after the synopsis
	// flags registers the command's flags on cfg's flag set.
	flags func(cfg *config.Config, getenv func(string) string)
	// interspersed: flags may follow the arguments ("deliver SLUG --to
	// members"); a command with subcommands leaves them to the subcommand.
	interspersed bool
	// ownFlags registers flags that are the command's own rather than
	// configuration, such as an output format.
	ownFlags func(fs *flag.FlagSet)
	// run does the work, once the flags are parsed and valid; args are the
	// arguments after the flags.
	run func(ctx context.Context, env Env, cfg *config.Config, args []string) error
}

func commands() []command {
	return []command{
		serveCommand(),
		migrateCommand(),
		statesCommand(),
		signatoriesCommand(),
		codeCommand(),
		reliabilityCommand(),
		exportCommand(),
		importCommand(),
		missionsCommand(),
		deliverCommand(),
		outboxCommand(),
		mailCommand(),
		eventsCommand(),
		searchCommand(),
		versionCommand(),
	}
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1
	exitUsage = 2
)

// usageError is a mistake in how a command was called; it exits with 2.
// An empty message means the flag package has already printed it.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

// Run runs the command line args (without the program name) and returns the
// exit status.
func Run(ctx context.Context, args []string, env Env) int {
	if len(args) == 0 {
		printOverview(env.Stderr)
		return exitUsage
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return runHelp(env, rest)
	}
	cmd, ok := lookup(name)
	if !ok {
		fmt.Fprintf(env.Stderr, "r2p: unknown command %q; run 'r2p help' for the list\n", name)
		return exitUsage
	}
	err := runCommand(ctx, cmd, env, rest)
	var usage *usageError
	switch {
	case err == nil:
		return exitOK
	case errors.Is(err, flag.ErrHelp):
		return exitOK
	case errors.Is(err, errReported):
		return exitError
	case errors.As(err, &usage):
		if usage.msg != "" {
			fmt.Fprintf(env.Stderr, "r2p %s: %s\nRun 'r2p %s --help' for usage.\n", name, usage.msg, name)
		}
		return exitUsage
	default:
		fmt.Fprintf(env.Stderr, "r2p %s: %v\n", name, err)
		return exitError
	}
}

func lookup(name string) (command, bool) {
	for _, c := range commands() {
		if c.name == name {
			return c, true
		}
	}
	return command{}, false
}

func runHelp(env Env, args []string) int {
	if len(args) == 0 {
		printOverview(env.Stdout)
		return exitOK
	}
	cmd, ok := lookup(args[0])
	if !ok {
		fmt.Fprintf(env.Stderr, "r2p help: unknown command %q\n", args[0])
		return exitUsage
	}
	fs, _ := newFlags(cmd, Env{Stdout: env.Stdout, Stderr: env.Stdout, Getenv: env.Getenv})
	fs.Usage()
	return exitOK
}

func printOverview(w io.Writer) {
	fmt.Fprint(w, `r2p runs a coalition's open letters on the Responsibility to Protect and
follows what governments say in UN debates.

Usage: r2p COMMAND [flags] [arguments]

Commands:
`)
	for _, c := range commands() {
		fmt.Fprintf(w, "  %-12s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `  help         show help for a command: r2p help COMMAND

Every command takes --help.
`)
}

// runCommand parses and checks the command's flags, then runs it.
func runCommand(ctx context.Context, cmd command, env Env, args []string) error {
	fs, cfg := newFlags(cmd, env)
	parse := parseLeading
	if cmd.interspersed {
		parse = parseInterspersed
	}
	positional, err := parse(fs, args)
	if err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return &usageError{} // the flag package has printed it, with the usage
	}
	if err := cfg.Validate(); err != nil {
		return &usageError{strings.ReplaceAll(err.Error(), "\n", "; ")}
	}
	return cmd.run(ctx, env, cfg, positional)
}

// parseLeading parses the flags before the first argument; the rest,
// flags among them, are the arguments (a subcommand parses its own).
func parseLeading(fs *flag.FlagSet, args []string) ([]string, error) {
	err := fs.Parse(args)
	return fs.Args(), err
}

// parseInterspersed parses flags before, between and after the arguments,
// as in "r2p deliver ga-2009 --to members"; the arguments are returned in
// their order.
func parseInterspersed(fs *flag.FlagSet, args []string) ([]string, error) {
	var positional []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		args = fs.Args()
		if len(args) == 0 {
			return positional, nil
		}
		positional = append(positional, args[0])
		args = args[1:]
	}
}

// newFlags returns the flag set of a command, with its help text, and the
// configuration its flags fill.
func newFlags(cmd command, env Env) (*flag.FlagSet, *config.Config) {
	fs := flag.NewFlagSet("r2p "+cmd.name, flag.ContinueOnError)
	fs.SetOutput(env.Stderr)
	fs.Usage = func() {
		w := fs.Output()
		fmt.Fprintf(w, "Usage: %s\n\n%s\n", strings.TrimSpace("r2p "+cmd.name+" [flags] "+cmd.args), cmd.summary)
		if cmd.detail != "" {
			fmt.Fprintf(w, "\n%s\n", strings.TrimSpace(cmd.detail))
		}
		hasFlags := false
		fs.VisitAll(func(*flag.Flag) { hasFlags = true })
		if hasFlags {
			fmt.Fprint(w, "\nFlags:\n")
			fs.PrintDefaults()
		}
	}
	cfg := config.New(fs)
	if cmd.flags != nil {
		cmd.flags(cfg, env.Getenv)
	}
	if cmd.ownFlags != nil {
		cmd.ownFlags(fs)
	}
	return fs, cfg
}

// newLogger logs to stderr at the configured level and format.
func newLogger(cfg *config.Config, w io.Writer) *slog.Logger {
	level, _ := cfg.Level() // Validate has checked it
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}
