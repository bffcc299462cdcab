// Package text normalises and folds Vietnamese text: every string the portal
// stores is NFC, slugs are ASCII with Vietnamese letters folded to their base
// letter (đ -> d), and search compares folded forms so that a query typed with
// or without diacritics finds the same words.
package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// NFC returns s in Unicode Normalization Form C. Text typed on some keyboards
// or pasted from other programs arrives decomposed (NFD); stored text never is.
func NFC(s string) string {
	return norm.NFC.String(s)
}

// Clean returns s in NFC with surrounding white space removed and runs of
// white space inside a single line kept as they are.
func Clean(s string) string {
	return strings.TrimSpace(NFC(s))
}

// Fold returns s lower-cased with diacritics removed and đ mapped to d, so
// that "Đồng Xoài", "dong xoai" and "Dong Xoai" fold to the same string.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteRune('d')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return norm.NFC.String(b.String())
}

// Slug turns a title into a URL path segment: folded, ASCII letters and
// digits only, words joined by single hyphens, at most maxSlug bytes and cut
// at a word boundary. It returns "" when the title has no letter or digit.
func Slug(title string) string {
	var b strings.Builder
	hyphen := false
	for _, r := range Fold(title) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9':
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteRune(r)
		default:
			hyphen = true
		}
	}
	s := b.String()
	if len(s) > maxSlug {
		s = s[:maxSlug]
		if i := strings.LastIndexByte(s, '-'); i > maxSlug/2 {
			s = s[:i]
		}
		s = strings.TrimRight(s, "-")
	}
	return s
}

const maxSlug = 80

// ValidSlug reports whether s is a slug as Slug makes them.
func ValidSlug(s string) bool {
	if s == "" || len(s) > maxSlug || s[0] == '-' || s[len(s)-1] == '-' {
		return false
	}
	prev := byte(0)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == '-' && prev != '-':
		default:
			return false
		}
		prev = c
	}
	return true
}

// Truncate returns s cut to at most n characters (runes), whole characters
// only.
func Truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	i := 0
	for j := range s {
		if i == n {
			return s[:j]
		}
		i++
	}
	return s
}
