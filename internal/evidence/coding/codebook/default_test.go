package codebook

import "testing"

// TestDefaultLoads loads the embedded codebook and codes every example and
// counterexample of every code.
func TestDefaultLoads(t *testing.T) {
	cb, err := Load(DefaultName, defaultYAML)
	if err != nil {
		t.Fatal(err)
	}
	for _, err := range cb.CheckExamples() {
		t.Error(err)
	}
}
