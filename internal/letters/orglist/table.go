package orglist

import (
	"strings"

	"github.com/r2p-coalition/r2p/internal/fold"
)

// colRole is what a column of a table holds.
type colRole int

const (
	colIgnore colRole = iota
	colName
	colOrganization // a name column that wins over a plain "Name"
	colAcronym
	colCountry
	colPlace
)

// columns is a table header: the role of each column.
type columns struct {
	roles []colRole
	name  int // the column that holds the organization's name
}

// headerWords are the column titles a header row is made of, as fold.Words
// folds them: accents and punctuation aside.
var headerWords = map[string]colRole{
	"name": colName, "names": colName, "nom": colName, "nombre": colName, "signatory": colName,
	"signatories": colName, "signataire": colName, "firmante": colName, "entity": colName, "entidad": colName,
	"organization": colOrganization, "organisation": colOrganization, "organizations": colOrganization,
	"organisations": colOrganization, "organization name": colOrganization, "organisation name": colOrganization,
	"name of organization": colOrganization, "name of organisation": colOrganization, "org": colOrganization,
	"nom de l organisation": colOrganization, "organizacion": colOrganization,
	"nombre de la organizacion": colOrganization, "ngo": colOrganization,
	"acronym": colAcronym, "acronyms": colAcronym, "abbreviation": colAcronym, "acronyme": colAcronym,
	"sigle": colAcronym, "sigla": colAcronym, "siglas": colAcronym, "short name": colAcronym,
	"country": colCountry, "countries": colCountry, "pays": colCountry, "pais": colCountry,
	"country countries": colCountry, "based in": colCountry, "country of origin": colCountry,
	"city": colPlace, "town": colPlace, "place": colPlace, "region": colPlace, "location": colPlace,
	"ville": colPlace, "lieu": colPlace, "ciudad": colPlace, "localite": colPlace,
	"no": colIgnore, "n": colIgnore, "nr": colIgnore, "number": colIgnore, "": colIgnore,
	"email": colIgnore, "e mail": colIgnore, "contact": colIgnore, "contact person": colIgnore,
	"website": colIgnore, "web": colIgnore, "url": colIgnore, "date": colIgnore, "signed": colIgnore,
	"signed on": colIgnore, "sector": colIgnore, "type": colIgnore, "comments": colIgnore,
	"comment": colIgnore, "notes": colIgnore, "note": colIgnore, "representative": colIgnore,
	"title": colIgnore, "position": colIgnore, "phone": colIgnore, "telephone": colIgnore,
}

// readHeader returns the columns that a header row names, or nil when
// cells are not a header.
func readHeader(cells []string) *columns {
	c := &columns{roles: make([]colRole, len(cells)), name: -1}
	titles := 0
	for i, cell := range cells {
		if cell == "" {
			continue
		}
		role, ok := headerWords[fold.Words(cell)]
		if !ok {
			return nil
		}
		titles++
		c.roles[i] = role
		if (role == colOrganization && (c.name < 0 || c.roles[c.name] == colName)) || (role == colName && c.name < 0) {
			c.name = i
		}
	}
	if c.name < 0 || titles < 2 {
		return nil
	}
	return c
}

// parseCells reads one table row, by its header when there is one.
func parseCells(cells []string, cols *columns) (Entry, verdict) {
	if cols == nil {
		return inferCells(cells)
	}
	var nameCell string
	if cols.name < len(cells) {
		nameCell = cells[cols.name]
	}
	e, v := parseEntry(nameCell, false)
	if !hasLetter(nameCell) {
		e.Name = strings.Join(strings.Fields(strings.Join(cells, " ")), " ")
	}
	for i, cell := range cells {
		if cell == "" || i == cols.name || i >= len(cols.roles) {
			continue
		}
		switch cols.roles[i] {
		case colAcronym:
			if e.Acronym == "" {
				e.Acronym = strings.Trim(cell, "()")
			}
		case colCountry:
			e.takeCountryCell(cell, &v)
		case colPlace:
			e.addPlace(cell)
		}
	}
	return e, v
}

// takeCountryCell reads a cell of countries; what is not a state becomes
// the place.
func (e *Entry) takeCountryCell(cell string, v *verdict) {
	m := matchCountries(strings.Trim(cell, "()"))
	e.addCountries(m)
	e.takeAmbiguous(m, v)
	for _, r := range m.rest {
		e.addPlace(r)
		if !isRegion(r) {
			v.guess("“%s” is not a state: taken as the place", r)
		}
	}
}

// inferCells reads a row without a header: the first cell with text is
// the name; the others are countries, an acronym or a place by their look.
func inferCells(cells []string) (Entry, verdict) {
	nameAt := -1
	for i, c := range cells {
		if hasLetter(c) {
			nameAt = i
			break
		}
	}
	if nameAt < 0 {
		v := newVerdict()
		v.doubt("no name found")
		return Entry{Name: strings.Join(cells, " ")}, v
	}
	e, v := parseEntry(cells[nameAt], false)
	for _, cell := range cells[nameAt+1:] {
		c := strings.TrimSpace(cell)
		if strings.HasPrefix(c, "(") && strings.HasSuffix(c, ")") {
			c = strings.TrimSpace(c[1 : len(c)-1])
		}
		if c == "" {
			continue
		}
		m := matchCountries(c)
		switch {
		case m.all():
			e.addCountries(m)
		case len(m.ambiguous) > 0:
			e.takeCountryCell(c, &v)
		case acronymLike(c) && e.Acronym == "":
			e.Acronym = c
		case isRegion(c):
			e.addPlace(c)
		case len(m.codes) > 0 && m.restArePlaces():
			e.takeCountryCell(c, &v)
		case placeLike(c):
			e.addPlace(c)
			v.guess("“%s” is not a state: taken as the place", c)
		default:
			v.guess("ignored “%s”", c)
		}
	}
	return e, v
}
