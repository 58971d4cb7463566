package sender

import "crypto/tls"

// NewSMTPWithTLS is NewSMTP with the TLS client settings to use, so that
// tests can trust their own server's certificate.
func NewSMTPWithTLS(c Config, tlsConfig *tls.Config) (Mailer, error) {
	return newSMTP(c, tlsConfig)
}
