// Package coding holds the codes of stored statements — the automatic
// coder's and people's — and turns them into what r2p counts, compares
// and exports.
//
// The automatic codes of a statement (Auto) come from the codebook; people
// then decide about codes (Decision): accept or reject an automatic code,
// or add one the coder missed. Decisions never change the automatic codes;
// the codes that count are computed from both:
//
//   - a coder's own view (CoderView) is the automatic codes, overridden code
//     by code by that coder's latest decision made while seeing them;
//   - a blind view (BlindView) is only what the coder ticked while coding
//     without seeing the automatic codes;
//   - the consensus (Consensus), which every count and export uses, is the
//     automatic codes overridden code by code by the latest non-blind
//     decision of any coder: a human decision wins. Blind codings do not
//     enter it: they exist to measure agreement honestly, and a blind
//     coder's silence about a code is not a decision to reject it.
//
// Agreement compares blind codings with each other and with the automatic
// coder, and Long and Wide lay the consensus out for R and Stata.
package coding

import (
	"cmp"
	"slices"
	"time"

	"github.com/r2p-coalition/r2p/internal/evidence/statement"
)

// AutoCoder is the coder id of the automatic coder in agreement figures
// and exports.
const AutoCoder = "auto"

// Code is one automatic code of a statement with its evidence: the bytes
// [Start, End) of the statement's text, and the codebook rule that fired.
type Code struct {
	Category string `json:"category"`
	Code     string `json:"code"`
	Start    int    `json:"start"`
	End      int    `json:"end"`
	Rule     string `json:"rule"`
	Negated  bool   `json:"negated"`
}

// Auto is a statement's automatic coding. Stamp is the codebook's
// ("VERSION@HASH12"); it is "" for a statement not coded yet.
type Auto struct {
	StatementID int64     `json:"statement"`
	Stamp       string    `json:"stamp"`
	Stance      string    `json:"stance"`
	StanceRule  string    `json:"stance_rule"`
	CodedAt     time.Time `json:"coded_at"`
	Codes       []Code    `json:"codes"`
}

// Present returns the codes of a, each once, sorted.
func (a Auto) Present() []string {
	var ids []string
	for _, c := range a.Codes {
		ids = append(ids, c.Code)
	}
	slices.Sort(ids)
	return slices.Compact(ids)
}

// Verdict is what a person decided about a code.
type Verdict string

// Verdicts.
const (
	Accept Verdict = "accept" // the automatic code is right
	Reject Verdict = "reject" // the code is not in the statement
	Add    Verdict = "add"    // the code is in the statement (the automatic coder missed it, or a blind coder found it)
)

// Verdicts lists the verdicts, for checking input.
var Verdicts = []Verdict{Accept, Reject, Add}

// Decision is one decision of a coder about one code of a statement. End
// is 0 when an added code has no evidence; else [Start, End) are the bytes
// of the statement's text that justify it.
type Decision struct {
	ID          int64     `json:"id"`
	StatementID int64     `json:"statement"`
	Coder       string    `json:"coder"`
	Code        string    `json:"code"`
	Verdict     Verdict   `json:"decision"`
	Start       int       `json:"start"`
	End         int       `json:"end"`
	Blind       bool      `json:"blind"`
	DecidedAt   time.Time `json:"decided_at"`
}

// Present says whether the decision holds the code present.
func (d Decision) Present() bool { return d.Verdict != Reject }

// Session records that a coder coded a statement as a whole, blind or
// seeing the automatic codes, and the stance the coder gave it ("" for
// none).
type Session struct {
	StatementID int64     `json:"statement"`
	Coder       string    `json:"coder"`
	Blind       bool      `json:"blind"`
	Stance      string    `json:"stance"`
	CodedAt     time.Time `json:"coded_at"`
}

// Unit is everything stored about the coding of one statement.
type Unit struct {
	Statement statement.Statement
	Auto      Auto
	Decisions []Decision // in the order they were made
	Sessions  []Session
}

// Value is whether a code is present in a view, and who decided it:
// AutoCoder, or the coder of Decision.
type Value struct {
	Present  bool
	By       string
	Decision *Decision // nil when the automatic coder decided
}

// view applies the latest decision on each code among those keep selects
// to the automatic codes (nil for a blind view).
func view(auto *Auto, decisions []Decision, keep func(Decision) bool) map[string]Value {
	out := map[string]Value{}
	if auto != nil {
		for _, id := range auto.Present() {
			out[id] = Value{Present: true, By: AutoCoder}
		}
	}
	for _, d := range latest(decisions, keep) {
		out[d.Code] = Value{Present: d.Present(), By: d.Coder, Decision: &d}
	}
	return out
}

// latest returns, for each code, the latest decision keep selects: the
// latest in time, and of two at the same time the later stored.
func latest(decisions []Decision, keep func(Decision) bool) []Decision {
	byCode := map[string]Decision{}
	for _, d := range decisions {
		if !keep(d) {
			continue
		}
		old, ok := byCode[d.Code]
		if !ok || cmp.Or(d.DecidedAt.Compare(old.DecidedAt), cmp.Compare(d.ID, old.ID)) > 0 {
			byCode[d.Code] = d
		}
	}
	out := make([]Decision, 0, len(byCode))
	for _, d := range byCode {
		out = append(out, d)
	}
	slices.SortFunc(out, func(a, b Decision) int { return cmp.Compare(a.Code, b.Code) })
	return out
}

// Consensus is the view every count and export uses: the automatic codes,
// each code overridden by the latest non-blind decision of any coder.
func (u Unit) Consensus() map[string]Value {
	return view(&u.Auto, u.Decisions, func(d Decision) bool { return !d.Blind })
}

// CoderView is one coder's view of the statement while seeing the
// automatic codes: the automatic codes overridden by the coder's own
// latest non-blind decisions.
func (u Unit) CoderView(coder string) map[string]Value {
	return view(&u.Auto, u.Decisions, func(d Decision) bool { return !d.Blind && d.Coder == coder })
}

// BlindView is what coder found coding blind: the codes ticked, nothing
// of the automatic coder's.
func (u Unit) BlindView(coder string) map[string]Value {
	return view(nil, u.Decisions, func(d Decision) bool { return d.Blind && d.Coder == coder })
}

// Session returns coder's session of the given kind, and false when the
// coder has not coded the statement that way.
func (u Unit) Session(coder string, blind bool) (Session, bool) {
	for _, s := range u.Sessions {
		if s.Coder == coder && s.Blind == blind {
			return s, true
		}
	}
	return Session{}, false
}

// Stance is the consensus stance: the latest non-blind stance a person
// gave, else the automatic coder's.
func (u Unit) Stance() (stance, by string) {
	var last *Session
	for i, s := range u.Sessions {
		if !s.Blind && s.Stance != "" && (last == nil || s.CodedAt.After(last.CodedAt)) {
			last = &u.Sessions[i]
		}
	}
	if last != nil {
		return last.Stance, last.Coder
	}
	return u.Auto.Stance, AutoCoder
}

// PresentCodes returns the codes a view holds present, sorted.
func PresentCodes(v map[string]Value) []string {
	var ids []string
	for id, val := range v {
		if val.Present {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	return ids
}
