package cli

import (
	"context"
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/r2p-coalition/r2p/internal/config"
)

// Version is set at build time: go build -ldflags "-X github.com/r2p-coalition/r2p/internal/cli.Version=v1.2.3".
var Version = "dev"

func versionCommand() command {
	return command{
		name:    "version",
		summary: "print the version of r2p",
		run: func(ctx context.Context, env Env, cfg *config.Config, args []string) error {
			if len(args) > 0 {
				return &usageError{fmt.Sprintf("unexpected arguments %q", args)}
			}
			fmt.Fprintln(env.Stdout, versionString())
			return nil
		},
	}
}

// versionString is "r2p VERSION (REVISION, GOVERSION)"; the revision comes
// from the VCS stamp Go puts in the binary.
func versionString() string {
	revision := "unknown revision"
	if info, ok := debug.ReadBuildInfo(); ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.revision" && len(s.Value) >= 12 {
				revision = s.Value[:12]
			}
		}
		for _, s := range info.Settings {
			if s.Key == "vcs.modified" && s.Value == "true" {
				revision += "+modified"
			}
		}
	}
	return fmt.Sprintf("r2p %s (%s, %s)", Version, revision, runtime.Version())
}
