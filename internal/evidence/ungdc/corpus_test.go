package ungdc

import (
	"maps"
	"os"
	"slices"
	"testing"
)

// corpusPath returns the corpus file named by R2P_CORPUS, or skips.
func corpusPath(tb testing.TB) string {
	tb.Helper()
	path := os.Getenv("R2P_CORPUS")
	if path == "" {
		tb.Skip("R2P_CORPUS is not set: set it to shared/corpora/ungdc/speeches.jsonl.gz to read the full corpus")
	}
	return path
}

// TestCorpus reads the whole UNGDC file and checks the counts its README
// gives.
func TestCorpus(t *testing.T) {
	r, err := Open(corpusPath(t))
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	var last Progress
	r.OnProgress(func(p Progress) { last = p })
	for s, err := range r.All() {
		if err != nil {
			t.Fatalf("%v", err)
		}
		if s.Verified != (s.Year <= 2023) {
			t.Fatalf("line %d: year %d, verified %v", s.Line, s.Year, s.Verified)
		}
	}
	s := r.Summary()
	checks := []struct {
		what      string
		got, want int
	}{
		{"speeches", s.Speeches, 10952},
		{"verified", s.Verified(), 10760},
		{"unverified", s.Unverified, 192},
		{"BOMs stripped", s.BOMsStripped, 2936},
		{"texts with \\r", s.CRNormalized, 336},
		{"bad lines", s.BadLines, 0},
		{"unknown codes", len(s.UnknownCodes), 0},
		{"warnings", len(s.Warnings), 0},
		{"years", len(s.PerYear), 79},
		{"speeches in 1970", s.PerYear[1970], 70},
		{"speeches in 2024", s.PerYear[2024], 192},
		{"speakers", len(s.PerSpeaker), 203}, // 200 codes, and RUS, YEM, YUG each split in two
		{"USSR", s.PerSpeaker["SUN"], 45},
		{"Russian Federation", s.PerSpeaker["RUS"], 33},
		{"Yemen Arab Republic", s.PerSpeaker["YAR"], 32},
		{"Yemen", s.PerSpeaker["YEM"], 35},
		{"Democratic Yemen", s.PerSpeaker["YMD"], 21},
		{"SFRY", s.PerSpeaker["YUG"], 46},
		{"FRY / Serbia and Montenegro", s.PerSpeaker["SCG"], 5},
		{"Czechoslovakia", s.PerSpeaker["CSK"], 46},
		{"German Democratic Republic", s.PerSpeaker["DDR"], 18},
		{"European Union", s.PerSpeaker["EUU"], 14},
		{"progress: bytes read", int(last.Read), 65799829},
		{"progress: total", int(last.Total), 65799829},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s: %d, want %d", c.what, c.got, c.want)
		}
	}
	if !last.Done {
		t.Error("no final progress report")
	}
	if t.Failed() {
		t.Logf("speakers: %v", slices.Sorted(maps.Keys(s.PerSpeaker)))
	}
}

// BenchmarkReadCorpus reads the whole corpus: decompression, JSON, text
// cleaning and resolution. It reports speeches/s and MB/s of speech text
// (199,008,904 bytes before cleaning).
func BenchmarkReadCorpus(b *testing.B) {
	path := corpusPath(b)
	b.ReportAllocs()
	speeches, textBytes := 0, 0
	for b.Loop() {
		r, err := Open(path)
		if err != nil {
			b.Fatal(err)
		}
		speeches, textBytes = 0, 0
		for s, err := range r.All() {
			if err != nil {
				b.Fatal(err)
			}
			speeches++
			textBytes += len(s.Text)
		}
		r.Close()
	}
	b.ReportMetric(float64(speeches)*float64(b.N)/b.Elapsed().Seconds(), "speeches/s")
	b.ReportMetric(float64(textBytes)*float64(b.N)/b.Elapsed().Seconds()/1e6, "MB/s")
}
