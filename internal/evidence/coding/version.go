package coding

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/coding/codebook"
)

// Version is one saved version of the codebook. ID counts the versions
// saved, from 1 (the embedded default, stored the first time r2p needs a
// codebook); Version is the file's own version field.
type CodebookVersion struct {
	ID        int64     `json:"id"`
	Version   string    `json:"version"`
	Hash      string    `json:"hash"`
	Source    string    `json:"-"`
	CreatedBy string    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	Active    bool      `json:"active"`
}

// Stamp is the codebook's stamp, "VERSION@HASH12", as codebook.Stamp
// gives it.
func (v CodebookVersion) Stamp() string { return v.Version + "@" + v.Hash[:min(12, len(v.Hash))] }

// Load loads the version's source; a stored version always loads, since
// only a codebook that loaded was saved.
func (v CodebookVersion) Load() (*codebook.Codebook, error) {
	cb, err := codebook.Load(fmt.Sprintf("codebook version %d", v.ID), []byte(v.Source))
	if err != nil {
		return nil, fmt.Errorf("coding.Version(%d).Load: %w", v.ID, err)
	}
	return cb, nil
}

// NewVersion checks source with codebook.Load and returns the version to
// store, or Load's error, which names the line of every problem.
func NewCodebookVersion(name string, source []byte, createdBy string) (CodebookVersion, *codebook.Codebook, error) {
	cb, err := codebook.Load(name, source)
	if err != nil {
		return CodebookVersion{}, nil, err
	}
	sum := sha256.Sum256(source)
	return CodebookVersion{Version: cb.Version, Hash: hex.EncodeToString(sum[:]), Source: string(source),
		CreatedBy: createdBy}, cb, nil
}

// DefaultVersion is the embedded default codebook as a version to store.
func DefaultVersion() CodebookVersion {
	v, _, err := NewCodebookVersion(codebook.DefaultName, codebook.DefaultSource(), "system")
	if err != nil {
		panic(fmt.Sprintf("coding: the embedded default codebook does not load: %v", err))
	}
	return v
}

// FromResult turns a codebook's coding of a statement into its stored
// automatic coding.
func FromResult(statementID int64, stamp string, r codebook.Result) Auto {
	a := Auto{StatementID: statementID, Stamp: stamp, Stance: r.Stance, StanceRule: r.StanceRule,
		Codes: make([]Code, len(r.Codes))}
	for i, h := range r.Codes {
		a.Codes[i] = Code{Category: h.Category, Code: h.Code, Start: h.Start, End: h.End, Rule: h.Rule,
			Negated: h.Negated}
	}
	return a
}

// CodeIDs returns the ids of the codebook's codes, in the codebook's order.
func CodeIDs(cb *codebook.Codebook) []string {
	var ids []string
	for _, cat := range cb.Categories {
		for _, c := range cat.Codes {
			ids = append(ids, c.ID)
		}
	}
	return ids
}
