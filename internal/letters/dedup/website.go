package dedup

import (
	"strings"
	"unicode"
)

// Host returns the host of a website address as comparisons use it: lower
// case, without scheme, user, port, path, query, fragment, trailing dot or
// leading "www." prefixes (also "www2.", "m."). An e-mail address gives its
// domain. "https://www.hrw.org/fr" and "hrw.org" are both "hrw.org"; ""
// means no usable host.
func Host(website string) string {
	s := strings.ToLower(strings.TrimSpace(website))
	if i := strings.Index(s, "://"); i >= 0 {
		s = s[i+3:]
	}
	s = strings.TrimPrefix(strings.TrimPrefix(s, "mailto:"), "//")
	if i := strings.IndexAny(s, "/?#"); i >= 0 {
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '@'); i >= 0 {
		s = s[i+1:]
	}
	if i := strings.IndexByte(s, ':'); i >= 0 {
		s = s[:i]
	}
	s = strings.TrimSuffix(s, ".")
	// Strip such prefixes until none is left, so that Host(Host(x)) ==
	// Host(x) ("m.m.example.org" is "example.org").
	for stripped := true; stripped; {
		stripped = false
		for _, p := range []string{"www.", "www2.", "www3.", "m."} {
			if strings.HasPrefix(s, p) && strings.Count(s, ".") >= 2 {
				s, stripped = s[len(p):], true
				break
			}
		}
	}
	if !validHost(s) {
		return ""
	}
	return s
}

// validHost reports whether s is two or more labels of letters, digits,
// hyphens and underscores.
func validHost(s string) bool {
	labels := strings.Split(s, ".")
	if len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" {
			return false
		}
		for _, r := range l {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '-' && r != '_' {
				return false
			}
		}
	}
	return true
}

// Domain returns the registrable domain of a website address: the last two
// labels of its host, or three under a country code whose second level is
// generic ("oxfam.org.au", "hurinet.or.ug"). It does not know the whole
// public-suffix list; these rules cover the addresses organizations use.
// "" means no usable host.
func Domain(website string) string {
	return registrable(Host(website))
}

func registrable(host string) string {
	labels := strings.Split(host, ".")
	n := len(labels)
	if n <= 2 {
		return host
	}
	keep := 2
	if len(labels[n-1]) == 2 && genericSecondLevel[labels[n-2]] {
		keep = 3
	}
	if n <= keep {
		return host
	}
	return strings.Join(labels[n-keep:], ".")
}

// genericSecondLevel are the second-level labels under which country-code
// domains are registered (org.uk, or.ug, com.au, gouv.fr, asso.fr).
var genericSecondLevel = setOf("ac", "co", "com", "edu", "gov", "gob", "gouv", "net",
	"org", "or", "ne", "go", "mil", "nic", "sch", "ltd", "asso", "info", "nom", "ngo", "web")

// sharedDomains host pages of many unrelated organizations: two addresses
// on them are evidence only when their hosts are the same subdomain
// ("hurinet.wordpress.com"), never through the domain itself.
var sharedDomains = setOf("facebook.com", "fb.com", "twitter.com", "x.com", "instagram.com",
	"linkedin.com", "youtube.com", "google.com", "blogspot.com", "wordpress.com", "wixsite.com",
	"weebly.com", "gmail.com", "yahoo.com", "yahoo.fr", "hotmail.com", "outlook.com", "github.io",
	"medium.com", "tumblr.com", "jimdo.com", "squarespace.com", "webs.com", "wix.com", "sites.google.com")

// websiteKeys returns the host and registrable domain used to compare a
// website, each "" when it is not evidence of identity.
func websiteKeys(website string) (host, domain string) {
	host = Host(website)
	if host == "" {
		return "", ""
	}
	domain = registrable(host)
	if sharedDomains[domain] {
		if host == domain || sharedDomains[host] {
			host = ""
		}
		domain = ""
	}
	return host, domain
}
