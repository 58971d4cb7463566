package reliability

import "fmt"

// The values a code takes for a unit in the binary ratings of Codings.Binary.
const (
	Present = "1"
	Absent  = "0"
)

// Codings holds which codes of the codebook ("pillar 1", "concern:
// selectivity", "welcomes SG report") each coder applied to each statement
// it coded. A coder who coded a statement without applying a code marks that
// code absent; a coder who did not code the statement has no value for any
// code (missing data). The zero value is empty and ready to use.
type Codings struct {
	byUnit map[string]map[string]map[string]struct{} // unit -> coder -> codes applied
	codes  map[string]struct{}
}

// Add records that coder coded unit and applied codes to it; with no codes
// it records that the coder coded the unit and found none of them. Adding
// again for the same unit and coder applies more codes. Empty strings are an
// error wrapping ErrEmptyField.
func (c *Codings) Add(unit, coder string, codes ...string) error {
	if unit == "" || coder == "" {
		return fmt.Errorf("reliability.Codings.Add(%q, %q): %w", unit, coder, ErrEmptyField)
	}
	for _, code := range codes {
		if code == "" {
			return fmt.Errorf("reliability.Codings.Add(%q, %q): code: %w", unit, coder, ErrEmptyField)
		}
	}
	if c.byUnit == nil {
		c.byUnit = make(map[string]map[string]map[string]struct{})
		c.codes = make(map[string]struct{})
	}
	byCoder := c.byUnit[unit]
	if byCoder == nil {
		byCoder = make(map[string]map[string]struct{})
		c.byUnit[unit] = byCoder
	}
	applied := byCoder[coder]
	if applied == nil {
		applied = make(map[string]struct{})
		byCoder[coder] = applied
	}
	for _, code := range codes {
		applied[code] = struct{}{}
		c.codes[code] = struct{}{}
	}
	return nil
}

// Codes returns every code some coder applied, sorted.
func (c *Codings) Codes() []string {
	return sortedKeys(c.codes)
}

// Binary returns the ratings of one code: for every unit and every coder
// who coded it, Present if the coder applied the code and Absent if not.
// PairwiseKappa of it gives each pair of coders' kappa on the code.
func (c *Codings) Binary(code string) *Ratings {
	r := &Ratings{}
	for unit, byCoder := range c.byUnit {
		for coder, applied := range byCoder {
			value := Absent
			if _, ok := applied[code]; ok {
				value = Present
			}
			r.set(unit, coder, value)
		}
	}
	return r
}

// CodeAlpha is alpha for one code taken as a binary variable.
type CodeAlpha struct {
	Code  string
	Alpha Alpha
	// Err is KrippendorffAlpha's error for the code; ErrNoVariation is the
	// usual one, when every coder left the code absent (or present) on
	// every unit.
	Err error
}

// PerCode computes alpha for each of codes, each a binary present/absent
// variable over the units. With codes nil it uses every code some coder
// applied; pass the codebook to include codes nobody applied.
func (c *Codings) PerCode(codes []string) []CodeAlpha {
	if codes == nil {
		codes = c.Codes()
	}
	out := make([]CodeAlpha, 0, len(codes))
	for _, code := range codes {
		a, err := alphaOf(c.Binary(code).unitValues(), Nominal)
		if err != nil {
			err = fmt.Errorf("reliability.Codings.PerCode(%q): %w", code, err)
		}
		out = append(out, CodeAlpha{Code: code, Alpha: a, Err: err})
	}
	return out
}

// Overall computes one alpha for the whole codebook: every (unit, code)
// pair is a unit of its own and takes the binary value Present or Absent,
// and all of them are pooled into one coincidence matrix. This is the choice
// of pooling binary decisions rather than averaging per-code alphas: each
// decision a coder makes weighs the same, so frequent codes and the many
// agreed absences weigh more than a rare code, and the figure is defined
// even when some codes have no variation. Publish it next to PerCode, never
// instead of it. With codes nil it uses every code some coder applied.
func (c *Codings) Overall(codes []string) (Alpha, error) {
	if codes == nil {
		codes = c.Codes()
	}
	var units [][]string
	for _, code := range codes {
		units = append(units, c.Binary(code).unitValues()...)
	}
	a, err := alphaOf(units, Nominal)
	if err != nil {
		return a, fmt.Errorf("reliability.Codings.Overall: %w", err)
	}
	return a, nil
}
