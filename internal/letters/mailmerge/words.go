package mailmerge

import (
	"fmt"
	"time"
)

// words are the fixed words of a letter in one language: what the
// coalition's text does not say but every letter needs.
type words struct {
	name string // the language's English name, for Fallback
	// salutation is the default salutation: the form of address for an
	// ambassador that does not depend on the ambassador's sex.
	salutation string
	// closing is the diplomatic courtesy formula, used when the letter
	// does not end with a sign-off of its own.
	closing   string
	asksIntro string
	// mission is the name of a permanent mission; %s is the state as
	// missionState gives it for the language.
	mission string
	// datePlace joins the place and the date of the letter.
	datePlace string
	date      func(time.Time) string
	// The sentences with a number: one when the number is 1, other
	// otherwise. Languages whose wording needs no
	// agreement with the number give only other.
	annexTitle, counted, attached plural
}

// plural is a sentence with a number in it: other is a format with one
// %d; one, for the number 1, has the number in words or none.
type plural struct{ one, other string }

func (p plural) format(n int) string {
	if n == 1 && p.one != "" {
		return p.one
	}
	return fmt.Sprintf(p.other, n)
}

// vocabulary has the fixed words in the six UN languages. The default
// salutations are the ones diplomatic correspondence uses for an
// ambassador of either sex: "Excellency," in English, "Excellence," in
// French, "Excelencia:" in Spanish (a Spanish salutation ends with a
// colon; "Excelentísimo/a Señor/a:" is correct too but needs the slash),
// "Ваше Превосходительство!" in Russian, "صاحب السعادة،" in Arabic and
// "尊敬的阁下：" in Chinese. The closings are the formulae of the UN's own
// notes verbales and letters. Russian and Arabic put the number in
// brackets, so that the noun need not agree with it.
var vocabulary = map[string]words{
	"en": {
		name:       "English",
		salutation: "Excellency,",
		closing:    "Please accept, Excellency, the assurances of our highest consideration.",
		asksIntro:  "Our requests to your Government:",
		mission:    "Permanent Mission of %s to the United Nations",
		datePlace:  "%s, %s",
		date:       func(t time.Time) string { return fmt.Sprintf("%d %s %d", t.Day(), monthsEN[t.Month()-1], t.Year()) },
		annexTitle: plural{"Annex: the signatory organization", "Annex: the %d signatory organizations"},
		counted:    plural{"A further organization signed without being named.", "A further %d organizations signed without being named."},
		attached:   plural{"The signed letter and the name of its signatory organization are attached as a PDF.", "The signed letter and the list of its %d signatory organizations are attached as a PDF."},
	},
	"fr": {
		name:       "French",
		salutation: "Excellence,",
		closing:    "Nous vous prions d’agréer, Excellence, l’assurance de notre très haute considération.",
		asksIntro:  "Nos demandes à votre Gouvernement :",
		mission:    "Mission permanente %s auprès de l’Organisation des Nations Unies",
		datePlace:  "%s, le %s",
		date:       dateFR,
		annexTitle: plural{"Annexe : l’organisation signataire", "Annexe : les %d organisations signataires"},
		counted:    plural{"Une autre organisation a signé sans être nommée.", "%d autres organisations ont signé sans être nommées."},
		attached:   plural{"La lettre signée et le nom de son organisation signataire sont joints en PDF.", "La lettre signée et la liste de ses %d organisations signataires sont jointes en PDF."},
	},
	"es": {
		name:       "Spanish",
		salutation: "Excelencia:",
		closing:    "Aprovechamos la oportunidad para reiterar a Vuestra Excelencia el testimonio de nuestra más alta consideración.",
		asksIntro:  "Nuestras peticiones a su Gobierno:",
		mission:    "Misión Permanente %s ante las Naciones Unidas",
		datePlace:  "%s, %s",
		date: func(t time.Time) string {
			return fmt.Sprintf("%d de %s de %d", t.Day(), monthsES[t.Month()-1], t.Year())
		},
		annexTitle: plural{"Anexo: la organización firmante", "Anexo: las %d organizaciones firmantes"},
		counted:    plural{"Otra organización firmó sin ser nombrada.", "Otras %d organizaciones firmaron sin ser nombradas."},
		attached:   plural{"Se adjuntan en PDF la carta firmada y el nombre de su organización firmante.", "Se adjuntan en PDF la carta firmada y la lista de sus %d organizaciones firmantes."},
	},
	"ru": {
		name:       "Russian",
		salutation: "Ваше Превосходительство!",
		closing:    "Примите, Ваше Превосходительство, уверения в нашем самом высоком уважении.",
		asksIntro:  "Наши просьбы к Вашему правительству:",
		mission:    "Постоянное представительство при Организации Объединенных Наций (%s)",
		datePlace:  "%s, %s",
		date:       func(t time.Time) string { return fmt.Sprintf("%d %s %d г.", t.Day(), monthsRU[t.Month()-1], t.Year()) },
		annexTitle: plural{other: "Приложение: подписавшие организации (%d)"},
		counted:    plural{other: "Кроме того, письмо подписали организации, не пожелавшие быть названными (%d)."},
		attached:   plural{other: "Подписанное письмо и список подписавших его организаций (%d) приложены в формате PDF."},
	},
	"ar": {
		name:       "Arabic",
		salutation: "صاحب السعادة،",
		closing:    "وتفضلوا، صاحب السعادة، بقبول فائق الاحترام والتقدير.",
		asksIntro:  "مطالبنا إلى حكومتكم:",
		mission:    "البعثة الدائمة لدى الأمم المتحدة (%s)",
		datePlace:  "%s، %s",
		date:       func(t time.Time) string { return fmt.Sprintf("%d %s %d", t.Day(), monthsAR[t.Month()-1], t.Year()) },
		annexTitle: plural{other: "المرفق: المنظمات الموقِّعة (%d)"},
		counted:    plural{other: "ووقّعت الرسالة أيضاً منظمات لم تُذكر أسماؤها (%d)."},
		attached:   plural{other: "مرفق طيّه بصيغة PDF نص الرسالة الموقّعة وقائمة المنظمات الموقِّعة عليها (%d)."},
	},
	"zh": {
		name:       "Chinese",
		salutation: "尊敬的阁下：",
		closing:    "顺致崇高的敬意。",
		asksIntro:  "我们对贵国政府的请求：",
		mission:    "%s常驻联合国代表团",
		datePlace:  "%s，%s",
		date:       func(t time.Time) string { return fmt.Sprintf("%d年%d月%d日", t.Year(), int(t.Month()), t.Day()) },
		annexTitle: plural{other: "附件：%d个签署组织"},
		counted:    plural{other: "另有%d个组织签署但未具名。"},
		attached:   plural{other: "随函以PDF格式附上已签署的信函及%d个签署组织的名单。"},
	},
}

var (
	monthsEN = [12]string{"January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"}
	monthsFR = [12]string{"janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre", "novembre", "décembre"}
	monthsES = [12]string{"enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre", "noviembre", "diciembre"}
	// monthsRU are in the genitive, as a date needs them.
	monthsRU = [12]string{"января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября", "октября", "ноября", "декабря"}
	// monthsAR are the UN's: the Levantine name, then the Egyptian one.
	monthsAR = [12]string{"كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو", "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر", "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر"}
)

// dateFR writes the first of the month as French does: "1er juillet 2009".
func dateFR(t time.Time) string {
	day := fmt.Sprint(t.Day())
	if t.Day() == 1 {
		day = "1er"
	}
	return fmt.Sprintf("%s %s %d", day, monthsFR[t.Month()-1], t.Year())
}
