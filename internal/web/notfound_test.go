package web_test

import (
	"encoding/json"
	"testing"

	"github.com/r2p-coalition/r2p/internal/account"
)

// TestAPINamesWhatIsMissing: an id nothing has answers 404 with the
// envelope, naming the kind of thing that was looked for.
func TestAPINamesWhatIsMissing(t *testing.T) {
	h := newHarness(t)
	token := h.token(account.Editor)
	for target, message := range map[string]string{
		"/api/v1/campaigns/999":          "no campaign 999",
		"/api/v1/campaigns/999/delivery": "no campaign 999",
		"/api/v1/organizations/999":      "no organization 999",
		"/api/v1/events/999":             "no event 999",
		"/api/v1/statements/999":         "no statement 999",
	} {
		res := h.do(request{target: target, bearer: token})
		var body struct {
			Error struct{ Code, Message string }
		}
		if err := json.Unmarshal([]byte(res.body), &body); err != nil || res.StatusCode != 404 ||
			body.Error.Code != "not_found" || body.Error.Message != message {
			t.Errorf("GET %s: %s\n%s\nwant 404 not_found %q", target, res, res.body, message)
		}
	}
}
