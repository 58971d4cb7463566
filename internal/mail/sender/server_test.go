package sender_test

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/tls"
	"crypto/x509"
	"crypto/x509/pkix"
	"io"
	"log"
	"math/big"
	"net"
	"net/url"
	"sync"
	"testing"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"
)

// smtpServer is a real SMTP server (go-smtp) on a random loopback port that
// records what it receives and answers what the test tells it to.
type smtpServer struct {
	Addr string

	// Set before start.
	user, password string      // when set, AUTH PLAIN is offered and required
	tls            *tls.Config // when set, STARTTLS is offered, or TLS spoken from the start if implicitTLS
	implicitTLS    bool

	mu sync.Mutex
	// Replies to give, one per command of that kind in order; a nil entry
	// or the end of the list accepts.
	mailReplies, rcptReplies, dataReplies []*smtp.SMTPError
	logins                                []string  // "user:password" per AUTH attempt
	attempts                              []attempt // every DATA received, accepted or not
}

// attempt is one message transfer the server saw to the end of DATA.
type attempt struct {
	From     string
	To       []string
	Data     []byte
	TLS      bool
	User     string
	Accepted bool
}

func startSMTP(t *testing.T, configure func(*smtpServer)) *smtpServer {
	t.Helper()
	s := &smtpServer{}
	if configure != nil {
		configure(s)
	}
	srv := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		_, isTLS := c.TLSConnectionState()
		return &session{srv: s, tls: isTLS}, nil
	}))
	srv.Domain = "mx.test"
	srv.ErrorLog = log.New(io.Discard, "", 0) // clients that hang up, as in the certificate test
	srv.AllowInsecureAuth = true              // a password in the clear, but only over loopback
	srv.ReadTimeout, srv.WriteTimeout = 10*time.Second, 10*time.Second
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if s.implicitTLS {
		ln = tls.NewListener(ln, s.tls)
	} else {
		srv.TLSConfig = s.tls
	}
	s.Addr = ln.Addr().String()
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.Serve(ln)
	}()
	t.Cleanup(func() {
		srv.Close()
		ln.Close() // in case Serve had not registered it yet
		<-served
	})
	return s
}

// URL is the R2P_SMTP_URL for this server.
func (s *smtpServer) URL(scheme string) string {
	u := url.URL{Scheme: scheme, Host: s.Addr}
	if s.user != "" {
		u.User = url.UserPassword(s.user, s.password)
	}
	return u.String()
}

func (s *smtpServer) Attempts() []attempt {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]attempt(nil), s.attempts...)
}

func (s *smtpServer) Delivered() []attempt {
	var ok []attempt
	for _, a := range s.Attempts() {
		if a.Accepted {
			ok = append(ok, a)
		}
	}
	return ok
}

func (s *smtpServer) Logins() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.logins...)
}

// next pops the reply to give from *replies.
func (s *smtpServer) next(replies *[]*smtp.SMTPError) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(*replies) == 0 {
		return nil
	}
	r := (*replies)[0]
	*replies = (*replies)[1:]
	if r == nil {
		return nil
	}
	return r
}

type session struct {
	srv  *smtpServer
	tls  bool
	user string
	from string
	to   []string
}

func (s *session) AuthMechanisms() []string {
	if s.srv.user == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	return sasl.NewPlainServer(func(identity, user, password string) error {
		s.srv.mu.Lock()
		s.srv.logins = append(s.srv.logins, user+":"+password)
		s.srv.mu.Unlock()
		if user != s.srv.user || password != s.srv.password {
			return smtp.ErrAuthFailed
		}
		s.user = user
		return nil
	}), nil
}

func (s *session) Mail(from string, opts *smtp.MailOptions) error {
	if s.srv.user != "" && s.user == "" {
		return &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0}, Message: "Authentication required"}
	}
	if err := s.srv.next(&s.srv.mailReplies); err != nil {
		return err
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, opts *smtp.RcptOptions) error {
	if err := s.srv.next(&s.srv.rcptReplies); err != nil {
		return err
	}
	s.to = append(s.to, to)
	return nil
}

func (s *session) Data(r io.Reader) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return err
	}
	reply := s.srv.next(&s.srv.dataReplies)
	s.srv.mu.Lock()
	s.srv.attempts = append(s.srv.attempts, attempt{From: s.from, To: s.to, Data: data, TLS: s.tls, User: s.user, Accepted: reply == nil})
	s.srv.mu.Unlock()
	return reply
}

func (s *session) Reset() { s.from, s.to = "", nil }

func (s *session) Logout() error { return nil }

// selfSigned makes a certificate for 127.0.0.1 and returns the server's
// TLS settings and a client's that trust it.
func selfSigned(t *testing.T) (server, client *tls.Config) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1),
		Subject:      pkix.Name{CommonName: "mx.test"},
		IPAddresses:  []net.IP{net.ParseIP("127.0.0.1")},
		NotBefore:    time.Now().Add(-time.Hour),
		NotAfter:     time.Now().Add(time.Hour),
		KeyUsage:     x509.KeyUsageDigitalSignature,
		ExtKeyUsage:  []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	cert, err := x509.ParseCertificate(der)
	if err != nil {
		t.Fatal(err)
	}
	roots := x509.NewCertPool()
	roots.AddCert(cert)
	server = &tls.Config{Certificates: []tls.Certificate{{Certificate: [][]byte{der}, PrivateKey: key, Leaf: cert}}}
	client = &tls.Config{RootCAs: roots, ServerName: "127.0.0.1", MinVersion: tls.VersionTLS12}
	return server, client
}
