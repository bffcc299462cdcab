package auth

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/trustelem/zxcvbn"

	"portal/admin"
	"portal/admin/text"
)

// commonRank is how far down the list of passwords people use most a
// password is refused outright: the 10,000 most common.
const commonRank = 10_000

// minScore is the least zxcvbn strength accepted (0 to 4): 3 means about
// 10^8 guesses, out of reach of an online attack and slow offline against
// argon2id.
const minScore = 3

// CheckStrength says why password may not be used, in a refusal with its
// own message key, or returns nil. personal are the texts of the account
// (login, name, e-mail) a password should not be made of. It is the one
// password policy: every password a person chooses passes it; the
// generated ones are strong by construction.
func CheckStrength(password string, personal ...string) *admin.Error {
	refuse := func(key, msg string, args ...any) *admin.Error {
		return &admin.Error{Code: admin.EINVALID, Field: "password", Key: key, Args: args, Message: msg}
	}
	var inputs []string
	for _, p := range personal {
		p = text.Fold(p)
		if p == "" {
			continue
		}
		// The whole text, its parts and its parts run together (a name
		// typed without its spaces and accents) are all guessed.
		parts := strings.FieldsFunc(p, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		inputs = append(append(inputs, p, strings.Join(parts, "")), parts...)
	}
	res := zxcvbn.PasswordStrength(password, inputs)
	for _, m := range res.Sequence {
		if m.Pattern == "dictionary" && m.DictionaryName == "passwords" && m.Rank <= commonRank && m.I == 0 && m.J == utf8.RuneCountInString(password)-1 {
			return refuse("password_common", "this password is one of the most used ones; attackers try those first")
		}
	}
	if n := utf8.RuneCountInString(password); n < MinPasswordLength {
		return refuse("password_too_short", "a password needs at least 12 characters", MinPasswordLength, n)
	}
	for _, m := range res.Sequence {
		if m.Pattern == "dictionary" && m.DictionaryName == "user_inputs" && res.Score < minScore {
			return refuse("password_personal", "this password is made of your name, login or e-mail address")
		}
	}
	if res.Score < minScore {
		return refuse("password_weak", "this password is easy to guess: use a few words that do not go together, or a longer password")
	}
	return nil
}
