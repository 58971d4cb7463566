package web

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
	"time"

	"github.com/r2p-coalition/r2p/internal/account"
	"github.com/r2p-coalition/r2p/internal/letters/signon"
	"github.com/r2p-coalition/r2p/internal/store"
)

// What keeps scripts and floods off the sign-on form: a limit per client
// network and per mailbox, and a minimum time between serving the form
// and receiving it, measured from a time the server signed.

// minFillTime: a person needs longer than this to fill the form; a faster
// submission is a script.
const minFillTime = 3 * time.Second

// startedKeyName names, among the server's keys, the one that signs the
// time a sign-on form was served.
const startedKeyName = "signon-started"

// clientNetwork is what the per-client limit counts for a client address:
// an IPv4 address itself, an IPv6 one by its /64, which one subscriber
// usually holds whole (and can pick any address of). An address that does
// not parse is counted as it is.
func clientNetwork(ip string) string {
	addr, err := netip.ParseAddr(ip)
	switch {
	case err != nil:
		return ip
	case addr.Is4() || addr.Is4In6():
		return addr.Unmap().String()
	}
	return netip.PrefixFrom(addr.WithZone(""), 64).Masked().String()
}

// allowSignOn counts a submission against the client's network and the
// contact's mailbox, and says whether it may go ahead.
func (s *Server) allowSignOn(ip, email string) (bool, time.Duration) {
	limits := []struct {
		limiter *account.Limiter
		key     string
	}{{s.signByIP, clientNetwork(ip)}, {s.signByAddress, signon.AddressKey(email)}}
	for _, l := range limits {
		if l.limiter == nil {
			continue
		}
		if ok, wait := l.limiter.Allowed(l.key); !ok {
			return false, wait
		}
	}
	for _, l := range limits {
		if l.limiter != nil {
			l.limiter.Fail(l.key) // here: one more submission in the window
		}
	}
	return true, 0
}

// startedKey is the server's key for the sign-on form's start time, read
// from the store once: every instance sharing the database has the same.
func (s *Server) startedKey(ctx context.Context) ([]byte, error) {
	if k := s.signOnKey.Load(); k != nil {
		return *k, nil
	}
	k, err := s.store.ServerKey(ctx, startedKeyName)
	if err != nil {
		return nil, err
	}
	s.signOnKey.Store(&k)
	return k, nil
}

// startedToken is the value of the sign-on form's "started" field for a
// form of the campaign served at t.
func (s *Server) startedToken(ctx context.Context, campaignID int64, t time.Time) (string, error) {
	key, err := s.startedKey(ctx)
	if err != nil {
		return "", err
	}
	return signStarted(key, campaignID, t), nil
}

// SignOnStarted is the "started" field of a sign-on form of the campaign
// served at t, as every server on st's database signs it: for programs
// that fill the form themselves, such as load and crash tests.
func SignOnStarted(ctx context.Context, st *store.Store, campaignID int64, t time.Time) (string, error) {
	key, err := st.ServerKey(ctx, startedKeyName)
	if err != nil {
		return "", err
	}
	return signStarted(key, campaignID, t), nil
}

// signStarted is the time in Unix seconds, a dot, and the HMAC of
// campaign and time under key.
func signStarted(key []byte, campaignID int64, t time.Time) string {
	unix := strconv.FormatInt(t.Unix(), 10)
	return unix + "." + startedMAC(key, campaignID, unix)
}

func startedMAC(key []byte, campaignID int64, unix string) string {
	m := hmac.New(sha256.New, key)
	fmt.Fprintf(m, "sign-on form of campaign %d served at %s", campaignID, unix)
	return base64.RawURLEncoding.EncodeToString(m.Sum(nil))
}

// startedAt is when the form whose "started" token this is was served,
// if this server signed it for the campaign; ok is false for a token that
// is absent, forged, or another campaign's.
func (s *Server) startedAt(ctx context.Context, campaignID int64, token string) (t time.Time, ok bool, err error) {
	key, err := s.startedKey(ctx)
	if err != nil {
		return time.Time{}, false, err
	}
	unix, mac, found := strings.Cut(token, ".")
	seconds, perr := strconv.ParseInt(unix, 10, 64)
	if !found || perr != nil || !hmac.Equal([]byte(mac), []byte(startedMAC(key, campaignID, unix))) {
		return time.Time{}, false, nil
	}
	return time.Unix(seconds, 0), true, nil
}

// tooFast reports a form sent sooner after it was served than a person
// could fill it, or with a start time the server did not sign.
func (s *Server) tooFast(ctx context.Context, campaignID int64, token string) (bool, error) {
	started, ok, err := s.startedAt(ctx, campaignID, token)
	return !ok || s.opts.Now().Sub(started) < minFillTime, err
}
