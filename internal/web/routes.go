package web

import (
	"net/http"
	"strings"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

// public marks a route that needs no role.
const public account.Role = ""

// The limits on a POST's body: any form, and the replies upload, which
// takes whole mailboxes (its files, and the form around them). A body over
// the limit is answered 413.
const (
	maxBody        = 10 << 20
	maxRepliesBody = maxReplyUpload + 1<<20
)

// route is one registered route; the tests walk them all.
type route struct {
	Method, Pattern string
	Role            account.Role // public, or the least role that may use it
	API             bool         // JSON API (bearer tokens) rather than a page (session cookie)
}

type handlerFunc func(w http.ResponseWriter, r *http.Request) error

func (s *Server) buildRoutes() http.Handler {
	mux := http.NewServeMux()
	upload := func(method, pattern string, role account.Role, maxBody int64, h handlerFunc) {
		s.routes = append(s.routes, route{method, pattern, role, false})
		mux.Handle(method+" "+pattern, s.page(role, maxBody, s.checkFields(method+" "+pattern, h)))
	}
	page := func(method, pattern string, role account.Role, h handlerFunc) {
		upload(method, pattern, role, maxBody, h)
	}
	allowed := map[string][]string{} // API pattern -> its methods, for 405 answers
	var patterns []string
	api := func(method, pattern string, role account.Role, h handlerFunc) {
		s.routes = append(s.routes, route{method, pattern, role, true})
		if _, ok := routeForms[method+" "+pattern]; ok { // a query the field table bounds
			h = s.checkFields(method+" "+pattern, h)
		}
		mux.Handle(method+" "+pattern, s.api(role, h))
		if allowed[pattern] == nil {
			patterns = append(patterns, pattern)
		}
		allowed[pattern] = append(allowed[pattern], method)
	}

	page("GET", "/{$}", public, s.home)
	page("GET", "/login", public, s.loginForm)
	page("POST", "/login", public, s.login)
	page("POST", "/logout", account.Viewer, s.logout)
	page("GET", "/setup/{token}", public, s.setupForm)
	page("POST", "/setup/{token}", public, s.setup)
	page("GET", "/lang/{lang}", public, s.switchLanguage)
	page("GET", "/static/{file}", public, s.static)

	page("GET", "/c/{slug}", public, s.campaignPage)
	page("POST", "/c/{slug}", public, s.signCampaign)
	page("GET", "/c/{slug}/confirm/{token}", public, s.linkForm(confirmLinkKind))
	page("POST", "/c/{slug}/confirm/{token}", public, s.useLink(confirmLinkKind))
	page("GET", "/c/{slug}/withdraw/{token}", public, s.linkForm(withdrawLinkKind))
	page("POST", "/c/{slug}/withdraw/{token}", public, s.useLink(withdrawLinkKind))
	page("GET", "/c/{slug}/endorse/{token}", public, s.endorseForm)
	page("POST", "/c/{slug}/endorse/{token}", public, s.endorse)
	page("GET", "/c/{slug}/signatories", public, s.signatoriesPage)
	for _, f := range publish.Formats {
		page("GET", "/c/{slug}/signatories."+f.Name, public, s.signatoriesDownload(f))
	}

	page("GET", "/admin", account.Viewer, s.dashboard)
	page("GET", "/admin/account", account.Viewer, s.accountPage)
	page("POST", "/admin/account/password", account.Viewer, s.changePassword)
	page("GET", "/admin/users", account.Admin, s.users)
	page("POST", "/admin/users", account.Admin, s.invite)
	page("POST", "/admin/users/{id}/role", account.Admin, s.changeRole)
	page("POST", "/admin/users/{id}/deactivate", account.Admin, s.deactivate)
	page("POST", "/admin/users/{id}/reactivate", account.Admin, s.reactivate)
	page("GET", "/admin/audit", account.Admin, s.auditLog)
	page("GET", "/admin/tokens", account.Admin, s.tokens)
	page("POST", "/admin/tokens", account.Admin, s.createToken)
	page("POST", "/admin/tokens/{id}/revoke", account.Admin, s.revokeToken)

	page("GET", "/admin/organizations", account.Viewer, s.organizations)
	page("GET", "/admin/organizations/new", account.Editor, s.newOrganizationForm)
	page("GET", "/admin/organizations/import", account.Editor, s.importForm)
	page("POST", "/admin/organizations/import", account.Editor, s.previewImport)
	page("POST", "/admin/organizations/import/confirm", account.Editor, s.confirmImport)
	page("POST", "/admin/organizations", account.Editor, s.createOrganization)
	page("GET", "/admin/organizations/{id}", account.Viewer, s.showOrganization)
	page("GET", "/admin/organizations/{id}/edit", account.Editor, s.editOrganizationForm)
	page("POST", "/admin/organizations/{id}", account.Editor, s.updateOrganization)
	page("POST", "/admin/organizations/{id}/merge", account.Editor, s.mergeOrganization)
	page("POST", "/admin/merges/{id}/undo", account.Editor, s.undoMerge)
	page("GET", "/admin/export/organizations/{format}", account.Viewer, s.exportOrganizations)

	page("GET", "/admin/missions", account.Editor, s.missions)
	page("GET", "/admin/missions.csv", account.Editor, s.missionsCSV)
	page("GET", "/admin/missions/import", account.Editor, s.missionsImportForm)
	page("POST", "/admin/missions/import", account.Editor, s.previewMissionsImport)
	page("POST", "/admin/missions/import/confirm", account.Editor, s.confirmMissionsImport)
	page("GET", "/admin/missions/new", account.Editor, s.newMissionForm)
	page("POST", "/admin/missions", account.Editor, s.createMission)
	page("GET", "/admin/missions/{id}/edit", account.Editor, s.editMissionForm)
	page("POST", "/admin/missions/{id}", account.Editor, s.updateMission)
	page("POST", "/admin/missions/{id}/delete", account.Editor, s.deleteMission)

	page("GET", "/admin/campaigns", account.Viewer, s.campaigns)
	page("GET", "/admin/campaigns/new", account.Editor, s.newCampaignForm)
	page("POST", "/admin/campaigns", account.Editor, s.createCampaign)
	page("GET", "/admin/campaigns/{id}", account.Viewer, s.campaignAdmin)
	page("GET", "/admin/campaigns/{id}/edit", account.Editor, s.editCampaignForm)
	page("POST", "/admin/campaigns/{id}", account.Editor, s.updateCampaign)
	page("POST", "/admin/campaigns/{id}/status", account.Editor, s.changeCampaignStatus)
	page("POST", "/admin/campaigns/{id}/invite", account.Editor, s.inviteToEndorse)
	page("GET", "/admin/campaigns/{id}/moderation", account.Editor, s.moderation)
	page("POST", "/admin/signatures/{id}/approve", account.Editor, s.approveSignature)
	page("POST", "/admin/signatures/{id}/reject", account.Editor, s.rejectSignature)
	page("POST", "/admin/signatures/{id}/duplicate", account.Editor, s.markDuplicate)
	page("GET", "/admin/signatures/{id}/edit", account.Editor, s.correctionForm)
	page("POST", "/admin/signatures/{id}", account.Editor, s.correctSignature)
	page("POST", "/admin/campaigns/{id}/erase-contact", account.Admin, s.eraseContact)
	page("GET", "/admin/campaigns/{id}/replies", account.Editor, s.campaignReplies)
	page("GET", "/admin/replies", account.Editor, s.repliesUploadForm)
	upload("POST", "/admin/replies", account.Editor, maxRepliesBody, s.uploadReplies)
	page("GET", "/admin/replies/{id}", account.Editor, s.rawReply)
	page("GET", "/admin/campaigns/{id}/delivery", account.Editor, s.deliveryPage)
	page("POST", "/admin/campaigns/{id}/delivery", account.Editor, s.chooseRecipients)
	page("POST", "/admin/campaigns/{id}/delivery/test", account.Editor, s.sendTestLetter)
	page("POST", "/admin/campaigns/{id}/delivery/queue", account.Editor, s.queueDelivery)
	page("GET", "/admin/campaigns/{id}/delivery/preview/{code}/email", account.Editor, s.previewLetter(false))
	page("GET", "/admin/campaigns/{id}/delivery/preview/{code}/pdf", account.Editor, s.previewLetter(true))
	page("GET", "/admin/settings", account.Admin, s.settingsPage)
	page("POST", "/admin/settings", account.Admin, s.saveSettings)
	page("GET", "/admin/settings/logo", account.Admin, s.settingsLogo)

	page("GET", "/admin/events", account.Viewer, s.events)
	page("GET", "/admin/events/new", account.Editor, s.newEventForm)
	page("POST", "/admin/events", account.Editor, s.createEvent)
	page("GET", "/admin/events/{id}", account.Viewer, s.eventPage)
	page("GET", "/admin/events/{id}/import", account.Editor, s.importStatementsForm)
	page("POST", "/admin/events/{id}/import", account.Editor, s.importStatements)
	page("GET", "/admin/statements/{id}", account.Viewer, s.statementPage)
	page("GET", "/admin/search", account.Viewer, s.searchPage)
	page("GET", "/admin/statements/{id}/review", account.Editor, s.reviewPage)
	page("POST", "/admin/statements/{id}/decisions", account.Editor, s.decide)
	page("POST", "/admin/statements/{id}/reviewed", account.Editor, s.markReviewed)
	page("GET", "/admin/statements/{id}/code", account.Editor, s.blindPage)
	page("POST", "/admin/statements/{id}/code", account.Editor, s.saveBlind)
	page("GET", "/admin/events/{id}/coding", account.Editor, s.codingQueue)
	page("GET", "/admin/events/{id}/coding/next", account.Editor, s.nextToCode)
	page("GET", "/admin/reliability", account.Viewer, s.reliabilityPage)
	page("GET", "/admin/codebook", account.Editor, s.codebookPage)
	page("POST", "/admin/codebook", account.Editor, s.saveCodebook)
	page("GET", "/admin/reliability/codes.csv", account.Viewer, s.codesDownload(false))
	page("GET", "/admin/reliability/codes.xlsx", account.Viewer, s.codesDownload(true))

	api("GET", "/healthz", public, s.healthz)
	api("GET", "/api/v1/openapi.json", public, s.openAPI)
	api("GET", "/api/v1/states", public, s.listStates)
	api("GET", "/api/v1/states/{code}", public, s.getState)
	api("GET", "/api/v1/me", account.Viewer, s.me)
	api("GET", "/api/v1/audit", account.Admin, s.apiAudit)
	api("GET", "/api/v1/campaigns", account.Viewer, s.apiCampaigns)
	api("POST", "/api/v1/campaigns", account.Editor, s.apiCreateCampaign)
	api("GET", "/api/v1/campaigns/{id}", account.Viewer, s.apiCampaign)
	api("PUT", "/api/v1/campaigns/{id}", account.Editor, s.apiUpdateCampaign)
	api("POST", "/api/v1/campaigns/{id}/status", account.Editor, s.apiCampaignStatus)
	api("GET", "/api/v1/organizations", account.Viewer, s.apiOrganizations)
	api("POST", "/api/v1/organizations", account.Editor, s.apiCreateOrganization)
	api("GET", "/api/v1/organizations/{id}", account.Viewer, s.apiOrganization)
	api("PUT", "/api/v1/organizations/{id}", account.Editor, s.apiUpdateOrganization)
	api("GET", "/api/v1/missions", account.Editor, s.apiMissions)
	api("GET", "/api/v1/campaigns/{id}/delivery", account.Editor, s.apiDelivery)
	api("GET", "/api/v1/events", account.Viewer, s.apiEvents)
	api("GET", "/api/v1/events/{id}", account.Viewer, s.apiEvent)
	api("GET", "/api/v1/statements/{id}", account.Viewer, s.apiStatement)
	api("GET", "/api/v1/search", account.Viewer, s.apiSearch)
	for _, p := range patterns {
		mux.Handle(p, s.api(public, methodNotAllowed(strings.Join(allowed[p], ", "))))
	}
	mux.Handle("/api/v1/", s.api(public, s.apiNotFound))

	mux.Handle("/", s.page(public, maxBody, s.pageNotFound))
	return s.securityHeaders(s.recoverPanics(s.identify(s.crossOrigin(mux))))
}
