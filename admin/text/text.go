// Package text normalises and folds Vietnamese text: every string the portal
// stores is NFC, slugs are ASCII with Vietnamese letters folded to their base
// letter (đ -> d), and search compares folded forms so that a query typed with
// or without diacritics finds the same words.
package text

import (
	"path"
	"strconv"
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

// Clean returns s as the portal stores a typed text: Block, with the white
// space around it removed.
func Clean(s string) string {
	return strings.TrimSpace(Block(s))
}

// Line returns s as the portal stores a one-line text (a title, a tag, a
// name): Clean, with every run of white space that holds a line break or a
// tab turned into one space.
func Line(s string) string {
	s = Clean(s)
	if !strings.ContainsAny(s, "\n\t") {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		if !unicode.IsSpace(r) {
			b.WriteRune(r)
			i += size
			continue
		}
		j, breaks := i, false
		for j < len(s) {
			r, size := utf8.DecodeRuneInString(s[j:])
			if !unicode.IsSpace(r) {
				break
			}
			breaks = breaks || r == '\n' || r == '\t'
			j += size
		}
		if breaks {
			b.WriteByte(' ')
		} else {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

// Block returns s as the portal stores a text of several lines (an
// article's body): NFC, lines ended by "\n" (Windows' "\r\n", an old
// Mac's lone "\r" and the Unicode line and paragraph separators become
// "\n"), and every character removed that no reader can see and that
// breaks the formats the text is published in: the control characters
// other than tab and line feed (NUL, BEL, ESC, DEL, the C1 controls), the
// byte order mark, Unicode's noncharacters and bytes that are not UTF-8.
// XML 1.0 allows none of them, so a text cleaned this way can go into any
// feed, sitemap, iCalendar file, CSV or JSON document.
func Block(s string) string {
	if clean(s) {
		return NFC(s)
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			// not UTF-8: dropped
		case r == '\r':
			b.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case r == '\u2028' || r == '\u2029':
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case unwanted(r):
			// invisible and unwanted: dropped
		default:
			b.WriteRune(r)
		}
	}
	return NFC(b.String())
}

// XMLSafe returns s without the characters XML 1.0 does not allow (see
// Block), for writers of XML that may be given text from anywhere. Line
// breaks are kept as they are.
func XMLSafe(s string) string {
	if clean(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if (r == utf8.RuneError && size == 1) || (unwanted(r) && r != '\r') || r == '\u2028' || r == '\u2029' {
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Blank reports whether s shows nothing: only white space and invisible
// format characters (a zero-width space, a joiner), so that such a text
// never counts as a description, a credit or a caption.
func Blank(s string) bool {
	for _, r := range s {
		if !unicode.IsSpace(r) && !unicode.Is(unicode.Cf, r) {
			return false
		}
	}
	return true
}

// unwanted reports whether r is a character Block removes: a control
// character other than tab, line feed and carriage return, the byte order
// mark, or a noncharacter.
func unwanted(r rune) bool {
	switch {
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r >= 0x7f && r <= 0x9f:
		return true
	case r == '\ufeff':
		return true
	case r >= 0xfdd0 && r <= 0xfdef, r&0xfffe == 0xfffe:
		return true
	}
	return false
}

// clean reports whether s is valid UTF-8 that Block would leave as it is
// (apart from NFC), the common case, checked without allocating.
func clean(s string) bool {
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f {
				return false
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if (r == utf8.RuneError && size == 1) || unwanted(r) || r == '\u2028' || r == '\u2029' {
			return false
		}
		i += size
	}
	return true
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

// maxFileSlug is the longest name part of a file name FileName makes.
const maxFileSlug = 60

// FileName turns the name of an uploaded file into the last segment of its
// address: the name without its folders and extension, made a slug, or
// fallback when nothing of it is left, followed by ext (".jpg").
func FileName(uploaded, fallback, ext string) string {
	base := path.Base(strings.ReplaceAll(uploaded, "\\", "/"))
	slug := Slug(strings.TrimSuffix(base, path.Ext(base)))
	if len(slug) > maxFileSlug {
		slug = strings.Trim(slug[:maxFileSlug], "-")
	}
	if slug == "" {
		slug = fallback
	}
	return slug + ext
}

// ValidFileName reports whether name is one FileName could make: a valid
// slug, a dot and an extension of lower-case letters and digits.
func ValidFileName(name string) bool {
	base, ext, ok := strings.Cut(name, ".")
	if !ok || !ValidSlug(base) || ext == "" || len(ext) > 5 {
		return false
	}
	for i := 0; i < len(ext); i++ {
		if c := ext[i]; !(c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return false
		}
	}
	return true
}

// CSVCell makes s safe as a spreadsheet cell: no control character (line
// breaks become newlines, which CSV quotes), and a text a spreadsheet
// would run as a formula (starting with = + - @, also after spaces) is
// kept as text by a leading apostrophe. Numbers ("-5", "+84") stay
// numbers.
func CSVCell(s string) string {
	s = Block(s)
	lead := strings.TrimLeft(s, " \t\n")
	if lead != "" && strings.ContainsRune("=+-@", rune(lead[0])) {
		if _, err := strconv.ParseFloat(strings.TrimSpace(s), 64); err != nil {
			return "'" + s
		}
	}
	return s
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
