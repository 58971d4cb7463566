package e2e

import (
	"context"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"
)

// TestFirstAdminFlow walks the first administrator through r2p on a phone:
// the setup link from the log, the dashboard, logging out and in again,
// French, every staff page, an invitation and an API token, and logging out.
// Every page on the way is checked and photographed (see browser.check).
func TestFirstAdminFlow(t *testing.T) {
	chromium := findChromium(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	const email, password = "admin@coalition.org", "a long enough password"
	a := startApp(ctx, t, email, false)
	b := newBrowser(ctx, t, chromium, a.URL)

	token, ok := strings.CutPrefix(a.SetupLink, a.URL+"/setup/")
	if !ok {
		t.Fatalf("setup link %s is not under the base URL %s", a.SetupLink, a.URL)
	}
	setupPath := "/setup/" + token

	// A visitor sees the public home page, in English.
	b.open("/", 200)
	b.expectLang("en")
	b.expectHeading("The Responsibility to Protect, followed through")
	b.expectNo("form.logout")
	b.check("home")

	// The setup link refuses a short password, keeping the name, then
	// takes a long one and signs the administrator in.
	b.open(setupPath, 200)
	b.expectHeading("Set your password")
	b.expectText("main .card > p", "You are setting the password for "+email+".")
	b.check("setup")
	b.typeInto("#name", "Sam Secretariat")
	b.typeInto("#password", "too short")
	b.click("main form button[type=submit]", 422)
	b.expectText(".field-error", "The password must have at least 12 characters.")
	if got := evaluate[string](b, `document.querySelector("#name").value`); got != "Sam Secretariat" {
		t.Errorf("after a short password the name reads %q, want it kept", got)
	}
	b.check("setup-short-password")
	b.typeInto("#password", password)
	b.click("main form button[type=submit]", 200)
	b.expectLocation("/admin")
	b.expectHeading("Dashboard")
	expectStats(b, "0 Organizations", "1 Users", "0 E-mails waiting to be sent", "0 E-mails that failed", "0 E-mails sent")
	b.check("dashboard")

	// Logging out leads to the home page; the staff area then asks for a login.
	b.expectText("form.logout button", "Log out")
	b.click("form.logout button", 200)
	b.expectLocation("/")
	b.expectNo("form.logout")
	b.open("/admin", 200)
	b.expectLocation("/login?next=%2Fadmin")
	b.expectHeading("Log in")
	b.check("login")
	b.typeInto("#email", email)
	b.typeInto("#password", password)
	b.click("main form button[type=submit]", 200)
	b.expectLocation("/admin")
	b.expectHeading("Dashboard")

	// The language switcher in the header turns the page into French.
	b.expectText(`.langs a[hreflang="fr"]`, "Français")
	b.click(`.langs a[hreflang="fr"]`, 200)
	b.expectLocation("/admin")
	b.expectLang("fr")
	b.expectHeading("Tableau de bord")
	expectStats(b, "0 Organisations", "1 Utilisateurs", "0 E-mails en attente d’envoi", "0 E-mails en échec", "0 E-mails envoyés")
	b.check("dashboard-fr")

	// Every staff page, through the menu, stays in French.
	for _, p := range []struct{ path, heading, name string }{
		{"/admin/users", "Utilisateurs", "users-fr"},
		{"/admin/audit", "Journal des modifications", "audit-fr"},
		{"/admin/tokens", "Jetons d’API", "tokens-fr"},
		{"/admin/account", "Mon compte", "account-fr"},
	} {
		b.click(`nav.main a[href="`+p.path+`"]`, 200)
		b.expectLocation(p.path)
		b.expectLang("fr")
		b.expectHeading(p.heading)
		b.check(p.name)
	}
	b.expectText("main .card > p", "Connecté en tant que "+email+" (Administrateur).")

	// An invitation: the notice names the address, the new user waits.
	b.click(`nav.main a[href="/admin/users"]`, 200)
	b.typeInto("#invite-email", "nouvelle.membre@coalition.org")
	b.typeInto("#invite-name", "Nouvelle Membre")
	b.choose("#invite-role", "editor")
	b.click(`form[action="/admin/users"] button[type=submit]`, 200)
	b.expectLocation("/admin/users?invited=nouvelle.membre%40coalition.org")
	b.expectText(".notice.ok", "Une invitation a été envoyée à nouvelle.membre@coalition.org.")
	rows := b.texts("main tbody tr")
	if !slices.ContainsFunc(rows, func(r string) bool {
		return strings.HasPrefix(r, "nouvelle.membre@coalition.org Nouvelle Membre") && strings.HasSuffix(r, "Invité, mot de passe pas encore choisi Désactiver")
	}) {
		t.Errorf("users after the invitation: %q, want the new one, invited", rows)
	}
	b.check("users-invited-fr")

	// An API token: its secret is shown once.
	b.click(`nav.main a[href="/admin/tokens"]`, 200)
	b.typeInto("#token-name", "export nocturne")
	b.choose("#token-role", "viewer")
	b.click(`form[action="/admin/tokens"] button[type=submit]`, 201)
	b.expectText(".notice.ok p", "Copiez ce jeton maintenant ; il ne sera plus affiché :")
	if secret := b.text("code.secret"); !regexp.MustCompile(`^r2p_[A-Za-z0-9_-]{43}$`).MatchString(secret) {
		t.Errorf("the token's secret reads %q, want r2p_ and 43 characters", secret)
	}
	if rows := b.texts("main tbody tr"); len(rows) != 1 || !strings.HasPrefix(rows[0], "export nocturne Lecteur") {
		t.Errorf("tokens: %q, want the new one, for a viewer", rows)
	}
	b.check("tokens-created-fr")

	// A pasted list: previewed, confirmed, then in the registry.
	b.click(`nav.main a[href="/admin/organizations"]`, 200)
	b.expectHeading("Organisations")
	b.check("organizations-fr")
	b.click(`a[href="/admin/organizations/import"]`, 200)
	b.expectHeading("Importer une liste")
	b.typeInto("#list", "Genocide Alert (Germany)\nOMUNGA (Angola)\nHuman Rights Watch")
	b.click(`form[action="/admin/organizations/import"] button[type=submit]`, 200)
	if rows := b.texts("main tbody tr"); len(rows) != 3 {
		t.Errorf("the preview shows %q, want 3 rows", rows)
	}
	b.check("import-preview-fr")
	b.click(`form[action="/admin/organizations/import/confirm"] button[type=submit]`, 200)
	b.expectLocation("/admin/organizations?imported=3&matched=0")
	b.expectText(".notice.ok", "Liste importée : 3 organisations ajoutées, 0 rapprochées du registre.")
	b.check("organizations-imported-fr")
	b.click(`main tbody a`, 200)
	b.expectHeading("Genocide Alert")
	b.check("organization-fr")

	// The dashboard counts the new user and the invitation waiting in the outbox.
	b.click(`nav.main a[href="/admin"]`, 200)
	expectStats(b, "3 Organisations", "2 Utilisateurs", "1 E-mails en attente d’envoi", "0 E-mails en échec", "0 E-mails envoyés")
	b.check("dashboard-after-changes-fr")

	// Logging out, in French, leads back to the public home page.
	b.expectText("form.logout button", "Se déconnecter")
	b.click("form.logout button", 200)
	b.expectLocation("/")
	b.expectLang("fr")
	b.expectHeading("La responsabilité de protéger, suivie jusqu’au bout")
	b.expectNo("form.logout")
	b.check("home-fr")

	// The pages a visitor meets when something is wrong.
	b.open(setupPath, 404)
	b.expectText(".notice.error", "Ce lien a déjà servi ou a expiré. Demandez-en un nouveau à un administrateur.")
	b.check("setup-used-fr")
	b.open("/c/ga-2009", 200)
	b.expectLang("fr")
	b.check("campaign-fr")
	b.open("/c/ga-2009/signatories", 200)
	b.expectHeading("Signataires")
	if rows := b.texts("ul.signatories li"); len(rows) != 42 {
		t.Errorf("the published list has %d names, want 42", len(rows))
	}
	b.check("signatories-fr")
	b.open("/no-such-page", 404)
	b.expectHeading("Page introuvable")
	b.check("not-found-fr")
	b.open("/admin", 200)
	b.expectLocation("/login?next=%2Fadmin")
	b.expectHeading("Connexion")
	b.check("login-fr")
}

// expectStats checks the dashboard's figures, each with its label.
func expectStats(b *browser, want ...string) {
	b.t.Helper()
	if got := b.texts(".stats .stat"); !slices.Equal(got, want) {
		b.t.Errorf("%s: the figures read %q, want %q", b.location(), got, want)
	}
}
