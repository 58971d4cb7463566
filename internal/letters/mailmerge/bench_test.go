package mailmerge_test

import (
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/states"
)

// BenchmarkCompose195 composes the seed campaign's letter, with its 42
// signatories, to every member and observer state: go test -run '^$'
// -bench Compose195 ./internal/letters/mailmerge/. The target is 5 s for all 195.
func BenchmarkCompose195(b *testing.B) {
	in := seedInput(b)
	var recipients []mailmerge.Recipient
	for _, s := range states.Default().All() {
		if s.Status == states.Member || s.Status == states.Observer {
			recipients = append(recipients, mailmerge.Recipient{State: s.Code, Station: "New York",
				HeadName: "H.E. Ambassador " + s.Code, HeadTitle: "Permanent Representative",
				PostalAddress: "United Nations Plaza\nNew York, NY 10017", Language: "en"})
		}
	}
	if len(recipients) != 195 {
		b.Fatalf("%d recipients, want 195", len(recipients))
	}
	for b.Loop() {
		letters, err := mailmerge.ComposeAll(in, recipients)
		if err != nil {
			b.Fatal(err)
		}
		if len(letters) != 195 || len(letters[194].PDF) == 0 {
			b.Fatal("letters are missing")
		}
	}
	perRun := b.Elapsed().Seconds() / float64(b.N)
	b.ReportMetric(perRun, "s/195-letters")
	b.ReportMetric(195/perRun, "letters/s")
}
