package cli_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/store"
	"github.com/r2p-coalition/r2p/internal/store/storetest"
)

// demoDatabase is a database with the demo campaign and a few missions.
func demoDatabase(t *testing.T) map[string]string {
	t.Helper()
	db := filepath.Join(t.TempDir(), "r2p.db")
	seedDemo(t, store.Options{Path: db})
	env := map[string]string{"R2P_DB": db, "R2P_COALITION": "Civil Society Coalition on R2P", "R2P_MAIL_FROM": "letters@coalition.example.org"}
	file := writeFile(t, "missions.csv", missionsHeader+"\n"+
		"GHA,New York,mission@gha.example.org,,Kwame Placeholder,Permanent Representative,Your Excellency,en\n"+
		"FRA,New York,contact@fra.example.org;press@fra.example.org,,,,,fr\n"+
		"FRA,Geneva,geneve@fra.example.org,,,,,fr\n")
	if code, _, errOut := r2p(t, env, "missions", "import", file); code != 0 {
		t.Fatalf("missions import: %s", errOut)
	}
	return env
}

func TestDeliver(t *testing.T) {
	env := demoDatabase(t)
	code, out, errOut := r2p(t, env, "deliver", "ga-2009", "--to", "states:GHA,FRA,KEN", "--dry-run", "--json")
	var plan struct {
		Messages []struct {
			State, Station, Address, Lang, Fallback string
			Already                                 bool `json:"already_sent"`
		}
		New       int
		NoAddress []string `json:"no_address"`
	}
	if err := json.Unmarshal([]byte(out), &plan); code != 0 || err != nil {
		t.Fatalf("dry run: exit %d, %v, %s %s", code, err, out, errOut)
	}
	var got []string
	for _, m := range plan.Messages {
		got = append(got, m.State+" "+m.Address+" "+m.Lang)
	}
	if strings.Join(got, ", ") != "FRA contact@fra.example.org en, FRA press@fra.example.org en, GHA mission@gha.example.org en" ||
		plan.New != 3 || strings.Join(plan.NoAddress, " ") != "KEN" || plan.Messages[0].Fallback != "The campaign has no text in French: the letter is in English." {
		t.Errorf("plan = %+v", plan)
	}
	if code, out, _ = r2p(t, env, "outbox", "status", "ga-2009", "--json"); code != 0 || out != "[]\n" {
		t.Errorf("the dry run queued something: %s", out)
	}

	code, out, errOut = r2p(t, env, "deliver", "ga-2009", "--to", "states:GHA,FRA,KEN")
	if code != 0 || !strings.HasPrefix(out, "delivery 1 of ga-2009 to states:FRA,GHA,KEN (New York): 3 messages queued, 0 addresses already written to\n"+
		"1 states have no e-mail address at New York and were not written to: KEN\n") {
		t.Errorf("deliver: exit %d\n%s%s", code, out, errOut)
	}
	// Again, to everyone: nothing is written twice; Geneva is another station.
	code, out, _ = r2p(t, env, "deliver", "--to", "all", "ga-2009")
	if code != 0 || !strings.HasPrefix(out, "delivery 2 of ga-2009 to all (New York): 0 messages queued, 3 addresses already written to\n") {
		t.Errorf("deliver again: exit %d\n%s", code, out)
	}
	if code, out, _ = r2p(t, env, "deliver", "ga-2009", "--to", "states:FRA", "--station", "Geneva"); code != 0 || !strings.Contains(out, "1 messages queued") {
		t.Errorf("deliver to Geneva: exit %d\n%s", code, out)
	}
	code, out, _ = r2p(t, env, "outbox", "status", "ga-2009")
	if code != 0 || !strings.HasSuffix(out, "4 messages: 0 sent, 4 queued, 0 sending, 0 failed\n") || !strings.Contains(out, "FRA    Geneva    geneve@fra.example.org") {
		t.Errorf("outbox status: exit %d\n%s", code, out)
	}

	for _, c := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"deliver", "ga-2010", "--to", "all"}, 1, `r2p deliver: no campaign "ga-2010"`},
		{[]string{"deliver", "ga-2009"}, 2, "--to: say who the letter goes to"},
		{[]string{"deliver", "ga-2009", "--to", "states:GHA,XYZ"}, 2, `--to: recipients "states:GHA,XYZ": state 2, "XYZ": not a UN member or observer state`},
		{[]string{"deliver", "ga-2009", "--to", "csv:" + writeFile(t, "states.csv", "name,iso3\nGhana,GHA\nNowhere,ZZZ\n")}, 2, `states.csv: line 3: "ZZZ" is not a UN member or observer state`},
		{[]string{"outbox", "status"}, 2, "want one campaign: r2p outbox status SLUG"},
	} {
		code, _, errOut := r2p(t, env, c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("r2p %s: exit %d, %q, want %d and %q", strings.Join(c.args, " "), code, errOut, c.code, c.want)
		}
	}
	noName := map[string]string{"R2P_DB": env["R2P_DB"]}
	if code, _, errOut := r2p(t, noName, "deliver", "ga-2009", "--to", "all"); code != 2 || !strings.Contains(errOut, "--coalition: the coalition's name is required") {
		t.Errorf("without a coalition name: exit %d, %s", code, errOut)
	}
}

// TestDeliverWithStoredSettings: the settings of /admin/settings head the
// letters, whatever --coalition says, and make --coalition unnecessary.
func TestDeliverWithStoredSettings(t *testing.T) {
	env := demoDatabase(t)
	s := storetest.SQLiteAt(t, env["R2P_DB"])
	err := s.Transact(context.Background(), func(tx *store.Tx) error {
		return tx.SaveCoalition(context.Background(), "user:1", mailmerge.Coalition{Name: "Stored Coalition", Place: "Geneva", Signature: "The Stored Secretariat"})
	})
	if err != nil {
		t.Fatal(err)
	}
	delete(env, "R2P_COALITION")
	code, out, errOut := r2p(t, env, "deliver", "ga-2009", "--to", "states:GHA")
	if code != 0 || !strings.Contains(out, "1 messages queued") {
		t.Fatalf("deliver with stored settings only: exit %d\n%s%s", code, out, errOut)
	}
	claimed, err := s.ClaimMail(context.Background(), 1, time.Minute)
	if err != nil || len(claimed) != 1 {
		t.Fatalf("claim: %d, %v", len(claimed), err)
	}
	if text := claimed[0].Text; !strings.Contains(text, "The Stored Secretariat\nStored Coalition") {
		t.Errorf("the letter is not signed with the stored settings:\n%s", text)
	}
}
