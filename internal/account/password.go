package account

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"golang.org/x/crypto/argon2"
)

// Argon2Params are the cost parameters of a password hash. They are stored
// with each hash, so they can be raised later without breaking old
// passwords.
type Argon2Params struct {
	Time    uint32 // passes
	Memory  uint32 // KiB
	Threads uint8
}

// DefaultArgon2 is the second recommended option of RFC 9106 (64 MiB,
// 3 passes), with 2 lanes for a 2-core server.
var DefaultArgon2 = Argon2Params{Time: 3, Memory: 64 * 1024, Threads: 2}

const (
	argonKeyLen  = 32
	argonSaltLen = 16
)

// HashPassword returns an argon2id hash of pw with DefaultArgon2, in the PHC
// string format: $argon2id$v=19$m=65536,t=3,p=2$salt$key.
func HashPassword(pw string) string { return HashPasswordWith(pw, DefaultArgon2) }

// HashPasswordWith hashes with the given costs; tests use cheap ones.
func HashPasswordWith(pw string, p Argon2Params) string { return hashPassword(argon2.IDKey, pw, p) }

// keyFunc derives an argon2id key: argon2.IDKey, or a test's stand-in.
type keyFunc func(password, salt []byte, time, memory uint32, threads uint8, keyLen uint32) []byte

func hashPassword(idKey keyFunc, pw string, p Argon2Params) string {
	salt := make([]byte, argonSaltLen)
	rand.Read(salt)
	key := idKey([]byte(pw), salt, p.Time, p.Memory, p.Threads, argonKeyLen)
	b64 := base64.RawStdEncoding
	return fmt.Sprintf("$argon2id$v=%d$m=%d,t=%d,p=%d$%s$%s",
		argon2.Version, p.Memory, p.Time, p.Threads, b64.EncodeToString(salt), b64.EncodeToString(key))
}

var errBadHash = errors.New("account: malformed password hash")

// PasswordMatches reports whether pw is the password that hash was made
// from, in constant time.
func PasswordMatches(hash, pw string) (bool, error) { return passwordMatches(argon2.IDKey, hash, pw) }

func passwordMatches(idKey keyFunc, hash, pw string) (bool, error) {
	parts := strings.Split(hash, "$")
	if len(parts) != 6 || parts[1] != "argon2id" {
		return false, errBadHash
	}
	var version int
	var memory, passes uint32
	var threads uint8
	if _, err := fmt.Sscanf(parts[2], "v=%d", &version); err != nil || version != argon2.Version {
		return false, errBadHash
	}
	if _, err := fmt.Sscanf(parts[3], "m=%d,t=%d,p=%d", &memory, &passes, &threads); err != nil {
		return false, errBadHash
	}
	b64 := base64.RawStdEncoding
	salt, err := b64.DecodeString(parts[4])
	if err != nil {
		return false, errBadHash
	}
	want, err := b64.DecodeString(parts[5])
	if err != nil {
		return false, errBadHash
	}
	if passes == 0 || memory == 0 || threads == 0 || len(want) == 0 {
		return false, errBadHash
	}
	got := idKey([]byte(pw), salt, passes, memory, threads, uint32(len(want)))
	return subtle.ConstantTimeCompare(got, want) == 1, nil
}
