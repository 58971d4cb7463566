package verbatim

import (
	"errors"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/states"
)

// resolver finds the state a heading's affiliation names, as of the
// meeting's date.
type resolver struct {
	date time.Time
	// seated holds the codes that had a UN seat on date; nil when the
	// date is unknown.
	seated map[string]bool
	table  *states.Table
}

func newResolver(date time.Time) *resolver {
	r := &resolver{date: date, table: states.Default()}
	if !date.IsZero() {
		r.seated = map[string]bool{}
		for _, s := range r.table.Members(states.GroupUnitedNations, date) {
			r.seated[s.Code] = true
		}
	}
	return r
}

// resolve returns the code of the state that name (an affiliation as
// written) refers to, or "" when it names none, such as a Secretariat
// department or an organization the table does not know.
//
// A name the table finds ambiguous is settled by the UN's usage in its
// records: the candidate whose UN short name it is ("Congo" is the
// Republic of the Congo; the other is always "Democratic Republic of the
// Congo"). A current state that had no seat on the meeting's date gives
// way to the former member whose seat it continued and that held it then
// ("Yemen" in a 1985 record is the Yemen Arab Republic).
func (r *resolver) resolve(name string) string {
	if name == "" {
		return ""
	}
	st, err := r.table.Resolve(name)
	var ambiguous *states.AmbiguousError
	if errors.As(err, &ambiguous) {
		for _, c := range ambiguous.Candidates {
			if sameName(c.Name, name) {
				st, err = c, nil
			}
		}
	}
	if err != nil {
		return ""
	}
	return r.seatHolder(st).Code
}

// seatHolder returns the former member whose seat st continued, when st
// had no seat on the meeting's date and the former member had.
func (r *resolver) seatHolder(st states.State) states.State {
	if r.seated == nil || r.seated[st.Code] || st.Status != states.Member {
		return st
	}
	for _, f := range r.table.All() {
		if f.ContinuedBy == st.Code && r.seated[f.Code] {
			return f
		}
	}
	return st
}

// resolvePrefix resolves the longest run of leading words of s that names
// a state, as in "Côte d’Ivoire and on behalf of the three African
// countries"; it returns those words and the code, or "" and "".
func (r *resolver) resolvePrefix(s string) (name, code string) {
	words := strings.Fields(s)
	for n := len(words); n > 0; n-- {
		name = strings.Join(words[:n], " ")
		if code = r.resolve(name); code != "" {
			return name, code
		}
	}
	return "", ""
}

// sameName compares names as the UN writes them, whatever the case and
// the apostrophe.
func sameName(a, b string) bool {
	norm := func(s string) string { return strings.ReplaceAll(strings.ToLower(s), "’", "'") }
	return norm(a) == norm(b)
}
