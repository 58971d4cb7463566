package dedup

import "testing"

func TestHostAndDomain(t *testing.T) {
	for _, c := range []struct{ in, host, domain string }{
		{"hrw.org", "hrw.org", "hrw.org"},
		{"https://www.hrw.org/fr", "hrw.org", "hrw.org"},
		{"HTTP://WWW.HRW.ORG:8080/en/news?x=1#top", "hrw.org", "hrw.org"},
		{"www.oxfam.org.au", "oxfam.org.au", "oxfam.org.au"},
		{"https://campaigns.oxfam.org.au/act", "campaigns.oxfam.org.au", "oxfam.org.au"},
		{"hurinet.or.ug", "hurinet.or.ug", "hurinet.or.ug"},
		{"news.bbc.co.uk", "news.bbc.co.uk", "bbc.co.uk"},
		{"genocide-alert.de/", "genocide-alert.de", "genocide-alert.de"},
		{"info@globalr2p.org", "globalr2p.org", "globalr2p.org"},
		{"mailto:info@globalr2p.org", "globalr2p.org", "globalr2p.org"},
		{"//wfm-igp.org", "wfm-igp.org", "wfm-igp.org"},
		{"www.", "", ""},
		{"localhost", "", ""},
		{"not a website", "", ""},
		{"", "", ""},
	} {
		if got := Host(c.in); got != c.host {
			t.Errorf("Host(%q) = %q, want %q", c.in, got, c.host)
		}
		if got := Domain(c.in); got != c.domain {
			t.Errorf("Domain(%q) = %q, want %q", c.in, got, c.domain)
		}
	}
}

func TestSharedHostsAreNoEvidence(t *testing.T) {
	for _, c := range []struct{ in, host, domain string }{
		{"https://www.facebook.com/hurinet", "", ""},
		{"https://hurinet.wordpress.com/about", "hurinet.wordpress.com", ""},
		{"https://sites.google.com/view/x", "", ""},
		{"hrw.org", "hrw.org", "hrw.org"},
	} {
		if host, domain := websiteKeys(c.in); host != c.host || domain != c.domain {
			t.Errorf("websiteKeys(%q) = %q, %q, want %q, %q", c.in, host, domain, c.host, c.domain)
		}
	}
}

func FuzzHost(f *testing.F) {
	for _, s := range []string{"https://www.hrw.org/fr", "info@x.org", "www.", "a:b@c.d:80/x", "m.x.co.uk"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		h := Host(s)
		if again := Host(h); again != h {
			t.Fatalf("Host(%q) = %q, but Host(%q) = %q", s, h, h, again)
		}
		if d := Domain(s); len(d) > len(h) {
			t.Fatalf("Domain(%q) = %q is longer than its host %q", s, d, h)
		}
	})
}
