package document

import (
	"archive/zip"
	"bytes"
	"encoding/binary"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"unicode/utf16"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite the files in testdata from the generators in fixtures_test.go")

// The fixtures in testdata are made by the functions below; the CLI tests
// read them too. Run 'go test ./internal/document -run TestFixtures
// -update' after changing one.

// docxBody is the body of testdata/signatories.docx: runs split inside a
// word, an empty paragraph, list items, a tab stop and a tab, a line
// break, a tracked deletion, a field code, a text box with its fallback,
// a non-breaking hyphen and a table with a two-paragraph cell.
const docxBody = `<w:p><w:r><w:t xml:space="preserve">Open letter </w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>on the Responsibility to Protect</w:t></w:r></w:p>
<w:p/>
<w:p><w:r><w:t>Signatories:</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Act for Peace (Australia)</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t>Human Rights Watch</w:t></w:r></w:p>
<w:p><w:pPr><w:tabs><w:tab w:val="left" w:pos="4320"/></w:tabs></w:pPr><w:r><w:t>Genocide Alert</w:t></w:r><w:r><w:tab/><w:t>Germany</w:t></w:r></w:p>
<w:p><w:r><w:t>OMUNGA (Angola)</w:t><w:br/><w:t>One World Trust (United Kingdom)</w:t></w:r></w:p>
<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>Deleted Org</w:delText></w:r></w:del><w:r><w:t>Oxfam International</w:t></w:r></w:p>
<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> HYPERLINK "https://una.ca" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r><w:r><w:t>UNA-Canada</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>
<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Text in a box</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Text in a box</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r><w:r><w:t>Oxfam</w:t></w:r><w:r><w:noBreakHyphen/><w:t>Australia</w:t></w:r></w:p>
<w:tbl><w:tblPr/><w:tr><w:tc><w:p><w:r><w:t>Organization</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Country</w:t></w:r></w:p></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Refugees International</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>USA</w:t></w:r></w:p></w:tc><w:tc><w:p/></w:tc></w:tr>
<w:tr><w:tc><w:p><w:r><w:t>Réseau de Développement</w:t></w:r></w:p><w:p><w:r><w:t>et de Communications de la Femme Africaine (FEMNET)</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>Mali</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>After the table.</w:t></w:r></w:p>`

// docxLines is what Read makes of docxBody.
var docxLines = []string{
	"Open letter on the Responsibility to Protect",
	"",
	"Signatories:",
	"Act for Peace (Australia)",
	"Human Rights Watch",
	"Genocide Alert\tGermany",
	"OMUNGA (Angola)",
	"One World Trust (United Kingdom)",
	"Oxfam International",
	"UNA-Canada",
	"Text in a box",
	"Oxfam-Australia",
	"Organization\tCountry",
	"Refugees International\tUSA",
	"Réseau de Développement et de Communications de la Femme Africaine (FEMNET)\tMali",
	"After the table.",
}

// makeDOCX builds a minimal Word document around body.
func makeDOCX(t testing.TB, body string) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, f := range []struct{ name, content string }{
		{"[Content_Types].xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>`},
		{"_rels/.rels", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`},
		{"word/document.xml", `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" xmlns:v="urn:schemas-microsoft-com:vml"><w:body>` + body + `<w:sectPr/></w:body></w:document>`},
	} {
		w, err := z.Create(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write([]byte(f.content)); err != nil {
			t.Fatal(err)
		}
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// xlsxLines is what Read makes of makeXLSX's workbook: its first sheet,
// row n as line n.
var xlsxLines = []string{
	"Organization\tAcronym\tCountry",
	"Action des jeunes pour le Développement Communautaire et la Paix\tADECOP\tDR Congo",
	"",
	"Human Rights Watch",
	"Kofi Annan International Peacekeeping Training Centre\t\tGhana",
	"A name on two lines\t\tUganda and USA",
}

func makeXLSX(t testing.TB) []byte {
	t.Helper()
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetSheetName("Sheet1", "Signatories"); err != nil {
		t.Fatal(err)
	}
	for cell, v := range map[string]string{
		"A1": "Organization", "B1": "Acronym", "C1": "Country",
		"A2": "Action des jeunes pour le Développement Communautaire et la Paix", "B2": "ADECOP", "C2": "DR Congo",
		"A4": "Human Rights Watch",
		"A5": "Kofi Annan International Peacekeeping Training Centre", "C5": "Ghana",
		"A6": "A name on\ntwo lines", "C6": "Uganda and USA",
	} {
		if err := f.SetCellValue("Signatories", cell, v); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := f.NewSheet("Notes"); err != nil {
		t.Fatal(err)
	}
	if err := f.SetCellValue("Notes", "A1", "Not read: only the first sheet is"); err != nil {
		t.Fatal(err)
	}
	b, err := f.WriteToBuffer()
	if err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// csvData is testdata/signatories.csv: a byte-order mark, semicolons as
// Excel writes them in many countries, CRLF, a quoted field over two
// lines and an empty last field.
const csvData = "\ufeffOrganization;Country\r\nAct for Peace;Australia\r\n\"Lutheran Development Service (LDS)\";Swaziland\r\n\"Multi\nline Org\";Kenya\r\nLast Org;\r\n"

var csvLines = []string{
	"Organization\tCountry",
	"Act for Peace\tAustralia",
	"Lutheran Development Service (LDS)\tSwaziland",
	"Multi line Org\tKenya",
	"",
	"Last Org",
}

// utf16Text is testdata/utf16.txt before it is encoded as UTF-16LE with a
// byte-order mark, as Windows Notepad saves "Unicode" text.
const utf16Text = "Réseau de Développement et de Communications de la Femme Africaine (FEMNET) (Mali)\r\nDanChurchAid (Denmark)\r\n"

func encodeUTF16LE(s string) []byte {
	var b bytes.Buffer
	b.WriteString("\xff\xfe")
	for _, u := range utf16.Encode([]rune(s)) {
		_ = binary.Write(&b, binary.LittleEndian, u)
	}
	return b.Bytes()
}

// cp1252Data is testdata/cp1252.txt: Windows-1252, with an en dash (0x96).
const cp1252Data = "Asociaci\xf3n para Pol\xedticas P\xfablicas (Argentina)\nWorld Federalist Movement \x96 Canada\n"

func fixtures(t testing.TB) map[string][]byte {
	return map[string][]byte{
		"signatories.docx": makeDOCX(t, docxBody),
		"signatories.xlsx": makeXLSX(t),
		"signatories.csv":  []byte(csvData),
		"utf16.txt":        encodeUTF16LE(utf16Text),
		"cp1252.txt":       []byte(cp1252Data),
	}
}

// TestFixtures rewrites testdata with -update; without, it checks that
// the files are there.
func TestFixtures(t *testing.T) {
	for name, data := range fixtures(t) {
		path := filepath.Join("testdata", name)
		if *update {
			if err := os.WriteFile(path, data, 0o644); err != nil {
				t.Fatal(err)
			}
			continue
		}
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%v: run go test ./internal/document -run TestFixtures -update", err)
		}
	}
}
