package web

import "testing"

// TestLocalPath: the redirect targets of /lang and /login stay on the site,
// whatever a browser would make of a Location header.
func TestLocalPath(t *testing.T) {
	tests := []struct{ next, want string }{
		{"/admin", "/admin"},
		{"/c/ga-2009/signatories?lang=fr#list", "/c/ga-2009/signatories?lang=fr#list"},
		{"/c/%C3%A9t%C3%A9", "/c/%C3%A9t%C3%A9"},
		{"/c/été", "/c/été"},
		{"/%09/evil.example", "/%09/evil.example"}, // escaped: a path, which browsers keep escaped
		{"", "/"},
		{"admin", "/"},
		{"//evil.example", "/"},
		{"///evil.example", "/"},
		{"/\\evil.example", "/"},
		{"\\/evil.example", "/"},
		{"/\\/evil.example", "/"},
		{"/\t/evil.example", "/"},
		{"/\n/evil.example", "/"},
		{"/\r/evil.example", "/"},
		{"/\x00/evil.example", "/"},
		{"/\x7f/evil.example", "/"},
		{"/\u2028/evil.example", "/"},
		{"/\u200b/evil.example", "/"},
		{"/\xff/evil.example", "/"},
		{"https://evil.example/", "/"},
		{"javascript:alert(1)", "/"},
		{" /admin", "/"},
		{"/ /evil.example", "/"},
	}
	for _, tt := range tests {
		if got := localPath(tt.next, "/"); got != tt.want {
			t.Errorf("localPath(%q) = %q, want %q", tt.next, got, tt.want)
		}
	}
}
