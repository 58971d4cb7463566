package cli_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/store"
)

const missionsHeader = "iso3,station,email,postal_address,head_name,head_title,salutation,language"

// badMissions has two good rows and two bad ones.
const badMissions = missionsHeader + "\n" +
	"GHA,New York,mission@gha.example.org,,Kwame Placeholder,Permanent Representative,Your Excellency,en\n" +
	"XYZ,New York,,,,,,\n" +
	"FRA,Geneva,geneve@fra.example.org,,,,,fr\n" +
	"KEN,Nairobi,not-an-address,,,,,\n"

func writeFile(t *testing.T, name, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestMissionsImportWithErrorsImportsNothing(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	env := map[string]string{"R2P_DB": db}
	file := writeFile(t, "missions.csv", badMissions)
	code, out, errOut := r2p(t, env, "missions", "import", file)
	want := file + `:3: iso3: "XYZ" is not the ISO 3166 alpha-3 code of a UN member or observer state` + "\n" +
		file + `:5: email: "not-an-address" is not an e-mail address (separate several with ";")` + "\n" +
		"r2p missions import: 2 bad rows, nothing imported; correct them, or give --skip-bad to import the 2 good rows\n"
	if code != 1 || out != "" || errOut != want {
		t.Errorf("exit %d, stdout %q, stderr:\n%s\nwant:\n%s", code, out, errOut, want)
	}
	if _, err := os.Stat(db); !os.IsNotExist(err) {
		t.Errorf("a refused import opened the database (%v)", err)
	}

	code, out, errOut = r2p(t, env, "missions", "import", "--skip-bad", file)
	if code != 0 || out != file+": 2 rows imported: 2 new, 0 changed, 0 unchanged; 2 bad rows skipped\n" || strings.Count(errOut, file+":") != 2 {
		t.Errorf("--skip-bad: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	s, err := store.Open(context.Background(), store.Options{Path: db})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	list, err := s.Missions(context.Background(), store.MissionFilter{})
	if err != nil || len(list) != 2 || list[0].State != "FRA" || list[1].HeadName != "Kwame Placeholder" {
		t.Errorf("stored %+v, %v", list, err)
	}
	events, _ := s.AuditEvents(context.Background(), store.AuditFilter{Action: "mission.import"})
	if len(events) != 1 || events[0].Actor != "cli" {
		t.Errorf("import audit = %+v", events)
	}
}

func TestMissionsImportABrokenFile(t *testing.T) {
	env := map[string]string{"R2P_DB": filepath.Join(t.TempDir(), "r2p.db")}
	file := writeFile(t, "phones.csv", "iso3,phone\nGHA,555\n")
	code, _, errOut := r2p(t, env, "missions", "import", "--skip-bad", file)
	want := file + `:1: header: unknown columns "phone"; the columns are iso3, station, email, postal_address, head_name, head_title, salutation, language` +
		"\nr2p missions import: nothing imported\n"
	if code != 1 || errOut != want {
		t.Errorf("exit %d, stderr %q, want %q", code, errOut, want)
	}
	code, _, errOut = r2p(t, env, "missions", "import", filepath.Join(t.TempDir(), "missing.csv"))
	if code != 1 || !strings.Contains(errOut, "missing.csv: no such file or directory") {
		t.Errorf("a missing file: exit %d, %q", code, errOut)
	}
}

func TestMissionsExport(t *testing.T) {
	db := filepath.Join(t.TempDir(), "r2p.db")
	env := map[string]string{"R2P_DB": db}
	code, empty, errOut := r2p(t, env, "missions", "export")
	lines := strings.Split(strings.TrimSuffix(empty, "\n"), "\n")
	if code != 0 || len(lines) != 196 || lines[0] != missionsHeader || lines[1] != "AFG,New York,,,,,," || lines[195] != "ZWE,New York,,,,,," {
		t.Fatalf("export of an empty directory: exit %d, %d lines, %q ... %q; %s", code, len(lines), lines[0], lines[len(lines)-1], errOut)
	}

	if code, out, errOut := r2p(t, env, "missions", "import", "../letters/mission/testdata/missions.csv"); code != 0 ||
		out != "../letters/mission/testdata/missions.csv: 6 rows imported: 5 new, 0 changed, 1 unchanged\n" {
		t.Fatalf("import of the fixture: exit %d, %q %q", code, out, errOut)
	}
	path := filepath.Join(t.TempDir(), "out.csv")
	code, out, _ := r2p(t, env, "missions", "export", path)
	if code != 0 || out != path+": 5 records written, and an empty row for each state without one\n" {
		t.Errorf("export to a file: exit %d, %q", code, out)
	}
	written, _ := os.ReadFile(path)
	_, stdout, _ := r2p(t, env, "missions", "export")
	if string(written) != stdout {
		t.Error("the file and standard output differ")
	}
	lines = strings.Split(strings.TrimSuffix(stdout, "\n"), "\n")
	for _, want := range []string{
		"FRA,Geneva,geneve@fra-mission.example.org,1 Rue Fictive 1200 Genève,Jean Fictif,Ambassadeur,Excellence,fr",
		"GHA,New York,mission@gha.example.org,,Kwame Placeholder,Permanent Representative,Your Excellency,en",
		"JPN,New York,,,,,,",
	} {
		if !strings.Contains(stdout, "\n"+want+"\n") {
			t.Errorf("the export lacks %q", want)
		}
	}
	// 195 states, France twice, one address on two lines, and the header.
	if len(lines) != 198 {
		t.Errorf("%d lines", len(lines))
	}

	// The export reads back unchanged.
	code, out, _ = r2p(t, env, "missions", "import", path)
	if code != 0 || out != path+": 196 rows imported: 0 new, 0 changed, 196 unchanged\n" {
		t.Errorf("re-import of the export: exit %d, %q", code, out)
	}
}

func TestMissionsUsage(t *testing.T) {
	env := map[string]string{"R2P_DB": filepath.Join(t.TempDir(), "r2p.db")}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"missions"}, "r2p missions: want: r2p missions import [--skip-bad] FILE.csv or r2p missions export [FILE]"},
		{[]string{"missions", "list"}, `r2p missions: unknown subcommand "list"; want import or export`},
		{[]string{"missions", "import"}, "r2p missions: give one FILE.csv to import, or - for standard input"},
		{[]string{"missions", "export", "a.csv", "b.csv"}, "r2p missions: give at most one FILE; without one, the CSV goes to standard output"},
		{[]string{"missions", "import", "--db", "postgres://h/db", "x.csv"}, "r2p missions: --db takes a SQLite file"},
	} {
		code, _, errOut := r2p(t, env, tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("r2p %q: exit %d, %q; want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	code, _, errOut := r2p(t, nil, "missions", "import", "--help")
	if code != 0 || !strings.HasPrefix(errOut, "Usage: r2p missions import [flags] FILE.csv") || !strings.Contains(errOut, "-skip-bad") {
		t.Errorf("r2p missions import --help: exit %d, %q", code, errOut)
	}
	code, out, _ := r2p(t, nil, "help", "missions")
	if code != 0 || !strings.HasPrefix(out, "Usage: r2p missions [flags] import [--skip-bad] FILE.csv | export [FILE]") {
		t.Errorf("r2p help missions: exit %d, %q", code, out)
	}
}
