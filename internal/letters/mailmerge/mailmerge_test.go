package mailmerge_test

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/language"

	"github.com/r2p-coalition/r2p/internal/golden"
	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
	"github.com/r2p-coalition/r2p/internal/letters/orglist"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
	"github.com/r2p-coalition/r2p/internal/letters/publish/publishtest"
)

func compose(t *testing.T, in mailmerge.Input, r mailmerge.Recipient) mailmerge.Letter {
	t.Helper()
	l, err := mailmerge.Compose(in, r)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestSeedLetterToGhana(t *testing.T) {
	in := seedInput(t)
	l := compose(t, in, ghana)
	if l.Lang != "en" || l.Fallback != "" {
		t.Errorf("Lang %q, Fallback %q; want en and none", l.Lang, l.Fallback)
	}
	if l.Subject != seedTitle {
		t.Errorf("Subject = %q, want the title", l.Subject)
	}
	if l.FileName != "ga-2009-letter-GHA.pdf" {
		t.Errorf("FileName = %q", l.FileName)
	}
	golden.Check(t, "seed_GHA_en.txt", []byte(l.Text))

	text := pdfText(t, l.PDF)
	inOrder(t, text,
		"International Coalition for the Responsibility to Protect",
		"New York, 20 July 2009",
		"H.E. Ms. Ana Example", "Permanent Representative", "Permanent Mission of Ghana to the United Nations",
		"19 East 47th Street", "New York, NY 10017",
		"Excellency,", seedTitle,
		"As civil society organizations, we are writing to you in advance of the 23 July 2009 General Assembly plenary session on the Responsibility to Protect.",
		"to direct the international community towards truly achieving the reality of “never again”.",
		"Our requests to your Government:", seedAsks[0].Label, seedAsks[0].Description, seedAsks[2].Label,
		"Sincerely,", "International Coalition for the Responsibility to Protect",
		"Annex: the 42 signatory organizations")
	annex := text[strings.Index(text, "Annex: the 42 signatory organizations"):]
	inOrder(t, annex, publish.Lines(in.Signatories, language.English)...)
	if strings.Contains(text, "New York Permanent Mission") || strings.Count(text, "New York") != 2+strings.Count(annex, "New York") {
		t.Errorf("the station is printed although the address names it:\n%s", text)
	}
}

func TestSameInputSameBytes(t *testing.T) {
	in := seedInput(t)
	in.Coalition.Logo = pngLogo(t, 120, 60)
	first := compose(t, in, ghana)
	again := compose(t, in, ghana)
	if !bytes.Equal(first.PDF, again.PDF) {
		t.Fatal("two PDFs of the same letter differ")
	}
	all, err := mailmerge.ComposeAll(in, []mailmerge.Recipient{{State: "USA"}, ghana})
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(all[1].PDF, first.PDF) || all[1].Text != first.Text || all[0].State != "USA" {
		t.Error("ComposeAll's letter to Ghana differs from Compose's, or is not in the recipients' order")
	}
	other := ghana
	other.HeadName = "H.E. Mr. Kofi Other"
	if bytes.Equal(compose(t, in, other).PDF, first.PDF) {
		t.Error("letters to two heads of mission have the same PDF")
	}
}

// frenchText is a French version of the seed letter's start, with every
// field.
var frenchText = campaign.Text{Lang: "fr", Title: "Lettre ouverte au Gouvernement {{ state }}",
	Body: "{{salutation}}\n\nÀ l’approche du débat de l’Assemblée générale, nous vous écrivons, **{{head_of_mission}}**, au nom d’organisations de la société civile.\n\nLe {{date}}, nous écrivons à la mission permanente ({{state}}).\n\nCordialement,",
	Asks: []campaign.Ask{{Label: "Réaffirmer le soutien à la responsabilité de protéger"}}}

func TestLanguageOfTheLetter(t *testing.T) {
	seed := seedInput(t)
	bilingual := seedInput(t)
	bilingual.Version.Texts = append(bilingual.Version.Texts, frenchText)
	france := mailmerge.Recipient{State: "FRA", HeadName: "S.E. M. Jean Exemple", HeadTitle: "Représentant permanent", Station: "New York", Language: "fr"}
	tests := []struct {
		name         string
		in           mailmerge.Input
		r            mailmerge.Recipient
		lang         string
		fallback     string
		textContains string
		pdfContains  []string
	}{
		{"French mission, French text", bilingual, france, "fr", "",
			"Le 20 juillet 2009, nous écrivons à la mission permanente (France).",
			[]string{"New York, le 20 juillet 2009", "Mission permanente de la France auprès de l’Organisation des Nations Unies",
				"Excellence,", "nous vous écrivons, S.E. M. Jean Exemple, Représentant permanent, au nom",
				"Nos demandes à votre Gouvernement :", "Cordialement,", "Annexe : les 42 organisations signataires"}},
		{"French mission, English text only", seed, france, "en", "The campaign has no text in French: the letter is in English.",
			"As civil society organizations", []string{"Permanent Mission of France to the United Nations", "Annex: the 42 signatory organizations"}},
		{"English mission, bilingual text", bilingual, ghana, "en", "", "As civil society organizations", []string{"Permanent Mission of Ghana"}},
		{"Spanish mission, no Spanish text", bilingual, mailmerge.Recipient{State: "ARG", Language: "es"}, "en",
			"The campaign has no text in Spanish: the letter is in English.", "Excellency,", []string{"Permanent Mission of Argentina"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l := compose(t, tt.in, tt.r)
			if l.Lang != tt.lang || l.Fallback != tt.fallback {
				t.Errorf("Lang %q, Fallback %q; want %q, %q", l.Lang, l.Fallback, tt.lang, tt.fallback)
			}
			if !strings.Contains(l.Text, tt.textContains) {
				t.Errorf("the text lacks %q:\n%s", tt.textContains, l.Text)
			}
			inOrder(t, pdfText(t, l.PDF), tt.pdfContains...)
		})
	}
}

func TestFrenchLetterText(t *testing.T) {
	in := seedInput(t)
	in.Version.Texts = []campaign.Text{frenchText}
	in.Counted = 3
	in.Coalition.Signature = "Marie Exemple, Coordinatrice"
	l := compose(t, in, mailmerge.Recipient{State: "USA", HeadName: "S.E. Mme Ana Exemple", Language: "fr"})
	if l.Subject != "Lettre ouverte au Gouvernement États-Unis" {
		t.Errorf("Subject = %q", l.Subject)
	}
	golden.Check(t, "french_USA.txt", []byte(l.Text))
	inOrder(t, pdfText(t, l.PDF), "Mission permanente des États-Unis auprès", "Annexe : les 45 organisations signataires",
		"World Federation of United Nations Associations", "3 autres organisations ont signé sans être nommées.")
}

// Arabic, Chinese and Russian letters go out in their language, e-mail
// and PDF alike, with an annex that shows Arabic, Chinese and mixed names.
func TestLettersInEveryUNLanguage(t *testing.T) {
	in := seedInput(t)
	in.Version.Texts = append(in.Version.Texts,
		campaign.Text{Lang: "ar", Title: "رسالة مفتوحة", Body: "نكتب إليكم بشأن مسؤولية الحماية.\n\nمع خالص التحيات،"},
		campaign.Text{Lang: "zh", Title: "公开信", Body: "我们就保护的责任致函{{state}}。"},
		campaign.Text{Lang: "ru", Title: "Открытое письмо", Body: "Мы пишем Вам накануне прений в Генеральной Ассамблее."})
	in.Signatories = append(in.Signatories,
		orglist.Entry{Name: "مركز القاهرة لدراسات حقوق الإنسان", Acronym: "CIHRS", Countries: []string{"EGY"}},
		orglist.Entry{Name: "中国国际民间组织合作促进会", Acronym: "CANGO", Countries: []string{"CHN"}},
		orglist.Entry{Name: "منظمة Org", Countries: []string{"EGY"}})
	// pdftotext reads a line of an Arabic document left to right: the
	// names are looked for in pieces of one direction, and the Arabic
	// letter without the punctuation that ends its sentences.
	names := []string{"مركز القاهرة لدراسات حقوق الإنسان", "CIHRS (Egypt)", "منظمة", "Org (Egypt)",
		"中国国际民间组织合作促进会 - CANGO (China)"}
	tests := []struct {
		r    mailmerge.Recipient
		lang string
		text string
		pdf  []string
	}{
		{mailmerge.Recipient{State: "EGY", Language: "ar"}, "ar",
			"صاحب السعادة،\n\nنكتب إليكم بشأن مسؤولية الحماية.\n\nمع خالص التحيات،\n\nInternational Coalition for the Responsibility to Protect\n\nمرفق طيّه بصيغة PDF نص الرسالة الموقّعة وقائمة المنظمات الموقِّعة عليها (45).\n",
			[]string{"صاحب السعادة", "رسالة مفتوحة", "نكتب إليكم بشأن مسؤولية الحماية", "مع خالص التحيات"}},
		{mailmerge.Recipient{State: "CHN", Language: "zh"}, "zh",
			"尊敬的阁下：\n\n我们就保护的责任致函China。\n\n顺致崇高的敬意。\n\nInternational Coalition for the Responsibility to Protect\n\n随函以PDF格式附上已签署的信函及45个签署组织的名单。\n",
			[]string{"尊敬的阁下：", "公开信", "我们就保护的责任致函China。", "顺致崇高的敬意。"}},
		{mailmerge.Recipient{State: "RUS", Language: "ru"}, "ru",
			"Ваше Превосходительство!\n\nМы пишем Вам накануне прений в Генеральной Ассамблее.\n\nПримите, Ваше Превосходительство, уверения в нашем самом высоком уважении.\n\nInternational Coalition for the Responsibility to Protect\n\nПодписанное письмо и список подписавших его организаций (45) приложены в формате PDF.\n",
			[]string{"Постоянное представительство при Организации Объединенных Наций (Russian Federation)", "Мы пишем Вам"}},
	}
	for _, tt := range tests {
		t.Run(tt.lang, func(t *testing.T) {
			l := compose(t, in, tt.r)
			if l.Lang != tt.lang || l.Fallback != "" {
				t.Errorf("Lang %q, Fallback %q; want %q and none", l.Lang, l.Fallback, tt.lang)
			}
			if l.Text != tt.text {
				t.Errorf("Text:\n%s\nwant:\n%s", l.Text, tt.text)
			}
			// pdftotext, not pdftext: pdftext joins the words of a line
			// left to right, which reverses an Arabic text.
			text := words(publishtest.Logical(publishtest.PDFText(t, l.PDF)))
			inOrder(t, text, tt.pdf...)
			for _, name := range names {
				inOrder(t, text, name)
			}
		})
	}
}

func TestMergeFieldErrors(t *testing.T) {
	tests := []struct {
		name string
		edit func(*mailmerge.Input, *mailmerge.Recipient)
		want string
		is   error
	}{
		{"unknown field in the body", func(in *mailmerge.Input, _ *mailmerge.Recipient) {
			in.Version.Texts[0].Body += "\n\nWith thanks to {{ ambassador }}."
		}, "letter to GHA: the English text: body: unknown mail-merge field {{ambassador}}: the fields are {{state}}, {{salutation}}, {{head_of_mission}}, {{date}}", mailmerge.ErrUnknownField},
		{"unknown field in an ask", func(in *mailmerge.Input, _ *mailmerge.Recipient) {
			in.Version.Texts[0].Asks[1].Description = "By {{deadline}}"
		}, "letter to GHA: the English text: ask 2: unknown mail-merge field {{deadline}}: the fields are {{state}}, {{salutation}}, {{head_of_mission}}, {{date}}", mailmerge.ErrUnknownField},
		{"no head of mission", func(in *mailmerge.Input, r *mailmerge.Recipient) {
			in.Version.Texts[0].Title = "To {{head_of_mission}}"
			r.HeadName, r.HeadTitle = "", ""
		}, "letter to GHA: the English text: title: mail-merge field without a value: {{head_of_mission}}", mailmerge.ErrEmptyField},
		{"not a state", func(_ *mailmerge.Input, r *mailmerge.Recipient) { r.State = "XXX" }, `letter to XXX: "XXX" is not the code of a UN member or observer state`, nil},
		{"former state", func(_ *mailmerge.Input, r *mailmerge.Recipient) { r.State = "YUG" }, `letter to YUG: "YUG" is not the code of a UN member or observer state`, nil},
		{"no date", func(in *mailmerge.Input, _ *mailmerge.Recipient) { in.Date = time.Time{} }, "letter to GHA: the letter has no date", nil},
		{"no coalition", func(in *mailmerge.Input, _ *mailmerge.Recipient) { in.Coalition.Name = " " }, "letter to GHA: the coalition has no name", nil},
		{"no text", func(in *mailmerge.Input, _ *mailmerge.Recipient) { in.Version.Texts = nil }, "letter to GHA: the campaign's version has no text", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in, r := seedInput(t), ghana
			in.Version.Texts[0].Asks = append([]campaign.Ask(nil), in.Version.Texts[0].Asks...)
			tt.edit(&in, &r)
			_, err := mailmerge.Compose(in, r)
			if err == nil || err.Error() != tt.want || (tt.is != nil && !errors.Is(err, tt.is)) {
				t.Errorf("Compose error:\n%v\nwant:\n%s", err, tt.want)
			}
		})
	}
}

func TestCheckFields(t *testing.T) {
	if err := mailmerge.CheckFields("Dear {{head_of_mission}}, on {{ date }} {{state}} {{salutation}} { {not a field} }"); err != nil {
		t.Errorf("CheckFields of known fields: %v", err)
	}
	err := mailmerge.CheckFields("{{state}} and {{State}}")
	if !errors.Is(err, mailmerge.ErrUnknownField) || !strings.Contains(err.Error(), "{{State}}") {
		t.Errorf("CheckFields of {{State}}: %v", err)
	}
}

// TestTextOnly: a preview's letter has the same subject, text and
// language as the full one, and no PDF.
func TestTextOnly(t *testing.T) {
	in := seedInput(t)
	full := compose(t, in, ghana)
	in.TextOnly = true
	preview := compose(t, in, ghana)
	if preview.PDF != nil || preview.Text != full.Text || preview.Subject != full.Subject || preview.Lang != full.Lang ||
		preview.FileName != full.FileName || preview.Fallback != full.Fallback {
		t.Errorf("text-only letter %+v\ndiffers from the full one but for its PDF", preview)
	}
}
