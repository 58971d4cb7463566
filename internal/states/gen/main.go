// Command gen writes internal/states/data/states.tsv from its sources. Run
// it with go generate ./internal/states, which starts it in the package
// directory; the defaults suit that.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/r2p-coalition/r2p/internal/states/internal/tablegen"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "gen:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ContinueOnError)
	var cfg tablegen.Config
	fs.StringVar(&cfg.ReferenceDir, "ref", "../../../shared/reference", "directory of un_states.csv and eu_members.csv")
	fs.StringVar(&cfg.ISOCodesDir, "iso", "/usr/share/iso-codes/json",
		"directory of iso-codes' iso_3166-1.json and iso_3166-3.json")
	fs.StringVar(&cfg.ISOVersion, "iso-version", tablegen.DefaultISOVersion, "iso-codes version, named in the header")
	fs.StringVar(&cfg.InputDir, "in", "gen",
		"directory of history.tsv, groups.tsv, memberships.tsv, group_names.tsv, aliases.tsv and translations.tsv")
	out := fs.String("out", "data/states.tsv", "file to write")
	if err := fs.Parse(args); err != nil {
		return err
	}
	data, err := tablegen.Generate(cfg)
	if err != nil {
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("writing %s: %w", *out, err)
	}
	return nil
}
