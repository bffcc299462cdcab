// Package auth hashes and checks passwords (argon2id) and makes the random
// secrets the portal hands out.
package auth

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"math/big"
	"strings"
	"unicode/utf8"

	"github.com/alexedwards/argon2id"

	"portal/admin"
)

// params are the argon2id settings: 64 MiB, 3 passes, as the RFC 9106
// second recommended option suggests for memory-constrained servers.
var params = &argon2id.Params{Memory: 64 * 1024, Iterations: 3, Parallelism: 2, SaltLength: 16, KeyLength: 32}

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 12

// HashPassword returns the argon2id hash of password, after checking it is
// long enough.
func HashPassword(password string) (string, error) {
	if utf8.RuneCountInString(password) < MinPasswordLength {
		return "", &admin.Error{Code: admin.EINVALID, Field: "password",
			Message: fmt.Sprintf("a password needs at least %d characters", MinPasswordLength)}
	}
	h, err := argon2id.CreateHash(password, params)
	if err != nil {
		return "", fmt.Errorf("auth: hash: %w", err)
	}
	return h, nil
}

// CheckPassword reports whether password matches hash.
func CheckPassword(password, hash string) bool {
	ok, err := argon2id.ComparePasswordAndHash(password, hash)
	return err == nil && ok
}

// RandomSecret returns n random bytes, URL-safe base64 encoded.
// readable is the alphabet of temporary passwords: lower-case letters and
// digits, without those read one for another (i l 1, o 0).
const readable = "abcdefghjkmnpqrstuvwxyz23456789"

// TemporaryPassword returns a password an administrator passes on by
// phone or in person: four groups of four characters that cannot be
// mistaken for one another, like "k7m4-x9pq-w2rt-b8ns" (about 79 bits).
func TemporaryPassword() string {
	var b strings.Builder
	for i := range 16 {
		if i > 0 && i%4 == 0 {
			b.WriteByte('-')
		}
		n, _ := rand.Int(rand.Reader, big.NewInt(int64(len(readable)))) // crypto/rand never fails
		b.WriteByte(readable[n.Int64()])
	}
	return b.String()
}

func RandomSecret(n int) string {
	b := make([]byte, n)
	rand.Read(b) // never returns an error (crypto/rand, Go 1.24+)
	return base64.RawURLEncoding.EncodeToString(b)
}
