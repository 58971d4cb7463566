package ungdc

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/fixture.golden.json and fixture.summary.golden from the reader: review the diff before committing")

const fixture = "testdata/fixture.jsonl"

// goldenLine is one line of the fixture as the reader returned it.
type goldenLine struct {
	Speech *Speech `json:"speech,omitempty"`
	Error  string  `json:"error,omitempty"`
}

// readAll reads every line of r, failing on a read error.
func readAll(t testing.TB, r *Reader) []goldenLine {
	t.Helper()
	var out []goldenLine
	for s, err := range r.All() {
		var lerr *LineError
		switch {
		case err == nil:
			out = append(out, goldenLine{Speech: &s})
		case errors.As(err, &lerr):
			out = append(out, goldenLine{Error: err.Error()})
		default:
			t.Fatalf("read error: %v", err)
		}
	}
	return out
}

func openFixture(t *testing.T) *Reader {
	t.Helper()
	r, err := Open(fixture)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { r.Close() })
	return r
}

// TestFixtureGolden reads the whole fixture and compares every speech and
// error, and the summary, with the golden files (go test -update rewrites
// them).
func TestFixtureGolden(t *testing.T) {
	r := openFixture(t)
	got, err := json.MarshalIndent(readAll(t, r), "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	var summary bytes.Buffer
	sum := r.Summary()
	if err := sum.WriteText(&summary); err != nil {
		t.Fatal(err)
	}
	compareGolden(t, "testdata/fixture.golden.json", append(got, '\n'))
	compareGolden(t, "testdata/fixture.summary.golden", summary.Bytes())
}

func compareGolden(t *testing.T, path string, got []byte) {
	t.Helper()
	if *update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs from the reader's output (go test -update rewrites it):\n%s", path, got)
	}
}

// TestFixtureExact checks by hand what the golden files hold, so that a
// wrong golden file cannot pass unnoticed.
func TestFixtureExact(t *testing.T) {
	lines := readAll(t, openFixture(t))
	if len(lines) != 22 {
		t.Fatalf("got %d lines, want 22", len(lines))
	}
	speakers := map[int]string{1: "SUN", 2: "RUS", 3: "YAR", 4: "YEM", 5: "YMD", 6: "YUG", 7: "SCG", 8: "SCG",
		9: "CSK", 10: "DDR", 11: "EUU", 12: "USA", 18: "VAT", 21: "EUU", 22: "SWE"}
	for n, want := range speakers {
		s := lines[n-1].Speech
		if s == nil || s.Speaker != want || s.Line != n {
			t.Errorf("line %d: got %+v, want speaker %s", n, lines[n-1], want)
		}
	}
	first := lines[0].Speech
	if first.Offset != 0 || first.Code != "RUS" || first.Session != 45 || first.Year != 1990 || !first.BOMStripped || first.CRNormalized ||
		first.Text != "Comrade President, the Soviet delegation greets the forty-fifth session." || !first.Verified || first.Standing != StandingMember {
		t.Errorf("line 1: got %+v", first)
	}
	if s := lines[1].Speech; s.Offset != int64(len(mustLine(t, 1))+1) {
		t.Errorf("line 2: offset %d, want %d", s.Offset, len(mustLine(t, 1))+1)
	}
	if s := lines[8].Speech; s.Text != "Czechoslovakia returns to democracy.\nWe thank our friends.\n" || !s.CRNormalized || s.BOMStripped {
		t.Errorf("line 9 (\\r\\n): got %+v", s)
	}
	if s := lines[9].Speech; s.Text != "The German Democratic Republic\ncalls for disarmament.\n" || !s.CRNormalized {
		t.Errorf("line 10 (lone \\r): got %+v", s)
	}
	if s := lines[11].Speech; s.Verified || !s.BOMStripped || s.Text != "A speech from the unverified 2024 session.\nIt ends here." {
		t.Errorf("line 12 (2024): got %+v", s)
	}
	warnings := map[int]string{
		7:  "SCG (Serbia and Montenegro) was not a UN member in 1995 (member from 2000-11-01 to 2006-06-03)",
		21: "EUU (European Union) takes part in the General Assembly from 2011-05-03, not in 2005",
	}
	for i, l := range lines {
		if l.Speech != nil && l.Speech.Warning != warnings[i+1] {
			t.Errorf("line %d: warning %q, want %q", i+1, l.Speech.Warning, warnings[i+1])
		}
	}
	if s := lines[17].Speech; s.Standing != StandingObserver {
		t.Errorf("line 18 (Holy See): standing %s, want observer", s.Standing)
	}
	if s := lines[10].Speech; s.Standing != StandingOrganization {
		t.Errorf("line 11 (EU 2011): standing %s, want organization", s.Standing)
	}
}

func mustLine(t *testing.T, n int) string {
	t.Helper()
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	return strings.Split(string(b), "\n")[n-1]
}

func TestFixtureBadLines(t *testing.T) {
	r := openFixture(t)
	type bad struct {
		line  int
		field string
		err   error
	}
	want := []bad{
		{13, FieldLine, ErrSyntax}, {14, FieldSession, ErrSession}, {15, FieldCountry, ErrUnknownCode},
		{16, FieldText, ErrEmptyText}, {17, FieldYear, ErrMissing}, {19, FieldYear, ErrBadValue}, {20, FieldLine, ErrSyntax},
	}
	var got []bad
	for _, err := range r.All() {
		var lerr *LineError
		if errors.As(err, &lerr) {
			if !errors.Is(err, lerr.Err) || lerr.Offset != offsetOfLine(t, lerr.Line) {
				t.Errorf("%v: errors.Is fails or offset %d is not the line's %d", err, lerr.Offset, offsetOfLine(t, lerr.Line))
			}
			got = append(got, bad{lerr.Line, lerr.Field, lerr.Err})
		}
	}
	if len(got) != len(want) {
		t.Fatalf("bad lines %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("bad line %d: got %v, want %v", i, got[i], want[i])
		}
	}
	s := r.Summary()
	if s.BadLines != 7 || s.Speeches != 15 || s.Unverified != 1 || s.Verified() != 14 || s.BOMsStripped != 2 || s.CRNormalized != 3 ||
		len(s.UnknownCodes) != 1 || s.UnknownCodes["XXX"] != 1 || len(s.Warnings) != 2 || s.BadByField[FieldLine] != 2 {
		t.Errorf("summary: %+v", s)
	}
}

func offsetOfLine(t *testing.T, n int) int64 {
	b, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	off := 0
	for range n - 1 {
		off += bytes.IndexByte(b[off:], '\n') + 1
	}
	return int64(off)
}

func TestLineErrorMessage(t *testing.T) {
	r, err := NewReader(strings.NewReader("\n" + `{"country":"FRA","session":44,"year":1990,"text":"x"}` + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err1 := r.Next()
	_, err2 := r.Next()
	want1 := "ungdc: line 1 (byte 0): not a JSON object: blank line"
	want2 := "ungdc: line 2 (byte 1), field session: session does not match year: session 44, year 1990: want session 45"
	if err1 == nil || err1.Error() != want1 || err2 == nil || err2.Error() != want2 {
		t.Errorf("got %v / %v, want %s / %s", err1, err2, want1, want2)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("after the last line: %v, want io.EOF", err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("again after the end: %v, want io.EOF", err)
	}
}

// TestGzipAndPlainAgree reads the fixture compressed and checks that
// speeches, errors and offsets are those of the plain file.
func TestGzipAndPlainAgree(t *testing.T) {
	plain, err := os.ReadFile(fixture)
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "fixture.jsonl.gz")
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	zw.Write(plain)
	zw.Close()
	if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	zr, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer zr.Close()
	want, _ := json.Marshal(readAll(t, openFixture(t)))
	got, _ := json.Marshal(readAll(t, zr))
	if !bytes.Equal(got, want) {
		t.Errorf("gzip read differs from plain read:\n%s\n%s", got, want)
	}
}

// TestCorruptGzip checks that a truncated stream ends reading with an error
// that is not a LineError, returned again by later calls.
func TestCorruptGzip(t *testing.T) {
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	for range 2000 {
		zw.Write([]byte(`{"country":"FRA","session":45,"year":1990,"text":"Liberté, égalité."}` + "\n"))
	}
	zw.Close()
	r, err := NewReader(bytes.NewReader(buf.Bytes()[:buf.Len()/2]))
	if err != nil {
		t.Fatal(err)
	}
	n, readErr := 0, error(nil)
	for s, err := range r.All() {
		if err != nil {
			readErr = err
			break
		}
		if s.Speaker != "FRA" {
			t.Fatalf("speech %d: speaker %q", n, s.Speaker)
		}
		n++
	}
	var lerr *LineError
	if readErr == nil || errors.As(readErr, &lerr) || !errors.Is(readErr, io.ErrUnexpectedEOF) {
		t.Fatalf("after %d speeches: error %v, want a read error wrapping io.ErrUnexpectedEOF", n, readErr)
	}
	if n >= 2000 {
		t.Errorf("read %d speeches from a truncated stream", n)
	}
	if _, err := r.Next(); err != readErr {
		t.Errorf("Next after a read error: %v, want %v again", err, readErr)
	}
}

// TestLongLine checks that a line over MaxLineBytes is reported and
// skipped, and that the next line and its offset are right.
func TestLongLine(t *testing.T) {
	long := `{"country":"FRA","session":45,"year":1990,"text":"` + strings.Repeat("a", MaxLineBytes) + `"}`
	next := `{"country":"DEU","session":45,"year":1990,"text":"Einheit."}`
	r, err := NewReader(strings.NewReader(long + "\n" + next + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = r.Next()
	var lerr *LineError
	if !errors.As(err, &lerr) || lerr.Line != 1 || lerr.Field != FieldLine || !errors.Is(err, ErrSyntax) ||
		!strings.Contains(err.Error(), "longer than 16777216 bytes") {
		t.Fatalf("long line: %v", err)
	}
	s, err := r.Next()
	if err != nil || s.Line != 2 || s.Offset != int64(len(long)+1) || s.Text != "Einheit." || s.Speaker != "DEU" {
		t.Fatalf("line after the long one: %+v, %v", s, err)
	}
}

// TestLineAtMaxLength checks that a line of exactly MaxLineBytes, longer
// than the read buffer, is read whole.
func TestLineAtMaxLength(t *testing.T) {
	head := `{"country":"FRA","session":45,"year":1990,"text":"`
	text := strings.Repeat("b", MaxLineBytes-len(head)-2)
	line := head + text + `"}`
	r, err := NewReader(strings.NewReader(line + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	s, err := r.Next()
	if err != nil || s.Text != text {
		t.Fatalf("line of %d bytes: %v (text of %d bytes)", len(line), err, len(s.Text))
	}
}

func TestProgressCallback(t *testing.T) {
	r := openFixture(t)
	info, err := os.Stat(fixture)
	if err != nil {
		t.Fatal(err)
	}
	var got []Progress
	r.OnProgress(func(p Progress) { got = append(got, p) })
	readAll(t, r)
	if len(got) != 23 { // 22 lines and the end
		t.Fatalf("%d progress calls, want 23", len(got))
	}
	last := got[len(got)-1]
	want := Progress{Read: info.Size(), Total: info.Size(), Speeches: 15, BadLines: 7, Done: true}
	if last != want {
		t.Errorf("last progress %+v, want %+v", last, want)
	}
	if p := got[0]; p.Speeches != 1 || p.BadLines != 0 || p.Done || p.Total != info.Size() {
		t.Errorf("first progress %+v", p)
	}
}

func TestEmptyInput(t *testing.T) {
	r, err := NewReader(strings.NewReader(""))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := r.Next(); err != io.EOF {
		t.Errorf("empty input: %v, want io.EOF", err)
	}
	if s := r.Summary(); s.Speeches != 0 || s.BadLines != 0 {
		t.Errorf("empty input: summary %+v", s)
	}
}

func TestSummaryIsACopy(t *testing.T) {
	r := openFixture(t)
	readAll(t, r)
	s := r.Summary()
	s.PerYear[1990] = 999
	s.Warnings[0].Line = -1
	if again := r.Summary(); again.PerYear[1990] != 3 || again.Warnings[0].Line != 7 {
		t.Errorf("Summary shares its maps: %+v", again)
	}
}
