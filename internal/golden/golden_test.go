package golden

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// recorder is a testing.TB that keeps what the check said instead of
// failing the test that runs it.
type recorder struct {
	testing.TB
	errors []string
	fatal  bool
}

func (r *recorder) Helper()                   {}
func (r *recorder) Errorf(f string, a ...any) { r.errors = append(r.errors, f) }
func (r *recorder) Fatalf(f string, a ...any) { r.fatal = true }
func (r *recorder) Fatal(a ...any)            { r.fatal = true }

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "testdata"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "testdata", "list.txt"), []byte("Ghana\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Chdir(dir)

	same := &recorder{TB: t}
	Check(same, "list.txt", []byte("Ghana\n"))
	if len(same.errors) != 0 || same.fatal {
		t.Errorf("equal output: errors %q, fatal %v; want none", same.errors, same.fatal)
	}
	differs := &recorder{TB: t}
	Check(differs, "list.txt", []byte("Togo\n"))
	if len(differs.errors) != 1 || !strings.HasPrefix(differs.errors[0], "output differs from %s") {
		t.Errorf("different output: errors %q; want one saying it differs", differs.errors)
	}
	missing := &recorder{TB: t}
	Check(missing, "absent.txt", nil)
	if !missing.fatal {
		t.Error("a missing golden file did not stop the test")
	}
}
