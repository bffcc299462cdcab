package sitecheck

import (
	"strconv"
	"strings"
)

// sheet is what a style sheet (a file or a <style> element) refers to.
type sheet struct {
	refs  []ref      // @import, url() and @font-face sources, in order
	faces []fontFace // @font-face rules, in order
}

// fontFace is one @font-face rule.
type fontFace struct {
	group  string      // family, weight, style and stretch: faces that share them form one composite font
	src    string      // the first url() of its src: the file a browser fetches
	line   int         // where the rule starts
	ranges []runeRange // its unicode-range; every code point when it has none
}

type runeRange struct{ lo, hi rune }

func (f fontFace) covers(r rune) bool {
	for _, rg := range f.ranges {
		if rg.lo <= r && r <= rg.hi {
			return true
		}
	}
	return false
}

// parseCSS reads a style sheet well enough to find what it loads: its
// @import rules, every url() and its @font-face rules. firstLine is the line
// the text starts on in its file (a <style> element's text starts inside
// the page). Comments are skipped; strings and escapes are respected.
func parseCSS(src string, firstLine int) sheet {
	s := &cssScanner{src: blankComments(src), line: firstLine}
	var sh sheet
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == '"' || c == '\'':
			s.skipString()
		case c == '@':
			s.pos++
			name := strings.ToLower(s.ident())
			switch name {
			case "import":
				line := s.line
				s.skipSpace()
				var v string
				switch {
				case s.pos < len(s.src) && (s.src[s.pos] == '"' || s.src[s.pos] == '\''):
					v = s.readString()
				case s.hasURL():
					s.pos += 4
					v = s.readURL()
				default:
					continue
				}
				sh.refs = append(sh.refs, ref{line: line, element: "@import " + strconv.Quote(v), value: v, use: useStyle})
			case "font-face":
				line := s.line
				body := s.block()
				face, refs := parseFontFace(body, line)
				sh.faces = append(sh.faces, face)
				sh.refs = append(sh.refs, refs...)
			}
		case s.hasURL():
			line := s.line
			s.pos += 4
			v := s.readURL()
			sh.refs = append(sh.refs, ref{line: line, element: "url(" + v + ")", value: v, use: useImage})
		default:
			s.advance()
		}
	}
	return sh
}

// parseFontFace reads the declarations of an @font-face rule.
func parseFontFace(body string, line int) (fontFace, []ref) {
	face := fontFace{line: line}
	var family, weight, style, stretch string
	var refs []ref
	for _, decl := range splitTop(body, ';') {
		name, value, ok := strings.Cut(decl, ":")
		if !ok {
			continue
		}
		name = strings.ToLower(strings.TrimSpace(name))
		value = strings.TrimSpace(value)
		switch name {
		case "font-family":
			family = strings.ToLower(strings.Trim(value, `"' `))
		case "font-weight":
			weight = value
		case "font-style":
			style = value
		case "font-stretch", "font-width":
			stretch = value
		case "unicode-range":
			face.ranges = parseUnicodeRange(value)
		case "src":
			s := &cssScanner{src: value, line: line}
			for s.pos < len(s.src) {
				switch {
				case s.src[s.pos] == '"' || s.src[s.pos] == '\'':
					s.skipString()
				case s.hasURL():
					s.pos += 4
					v := s.readURL()
					if face.src == "" {
						face.src = v
					}
					refs = append(refs, ref{line: line, element: "@font-face src: url(" + v + ")", value: v, use: useFont})
				default:
					s.advance()
				}
			}
		}
	}
	if face.ranges == nil {
		face.ranges = []runeRange{{0, 0x10FFFF}}
	}
	norm := func(s string) string { return strings.Join(strings.Fields(strings.ToLower(s)), " ") }
	face.group = norm(family) + "|" + norm(weight) + "|" + norm(style) + "|" + norm(stretch)
	return face, refs
}

// parseUnicodeRange reads a unicode-range value: U+26, U+0-7F, U+4??.
// Invalid parts are left out, as browsers do.
func parseUnicodeRange(v string) []runeRange {
	var out []runeRange
	for _, part := range strings.Split(v, ",") {
		part = strings.ToUpper(strings.TrimSpace(part))
		if !strings.HasPrefix(part, "U+") {
			continue
		}
		part = part[2:]
		var lo, hi string
		if a, b, ok := strings.Cut(part, "-"); ok {
			lo, hi = a, b
		} else if strings.Contains(part, "?") {
			lo, hi = strings.ReplaceAll(part, "?", "0"), strings.ReplaceAll(part, "?", "F")
		} else {
			lo, hi = part, part
		}
		l, err1 := strconv.ParseUint(lo, 16, 32)
		h, err2 := strconv.ParseUint(hi, 16, 32)
		if err1 != nil || err2 != nil || l > h {
			continue
		}
		out = append(out, runeRange{rune(l), rune(min(h, 0x10FFFF))})
	}
	return out
}

// splitTop splits s at sep where sep is outside strings and parentheses.
func splitTop(s string, sep byte) []string {
	var out []string
	depth, start := 0, 0
	var quote byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '(':
			depth++
		case c == ')':
			depth--
		case c == sep && depth == 0:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	return append(out, s[start:])
}

// blankComments replaces the text of comments with spaces, keeping line
// breaks, so positions and line numbers stay those of the file.
func blankComments(src string) string {
	if !strings.Contains(src, "/*") {
		return src
	}
	b := []byte(src)
	var quote byte
	for i := 0; i < len(b); i++ {
		c := b[i]
		switch {
		case quote != 0:
			if c == '\\' {
				i++
			} else if c == quote || c == '\n' {
				quote = 0
			}
		case c == '"' || c == '\'':
			quote = c
		case c == '/' && i+1 < len(b) && b[i+1] == '*':
			j := i
			for ; j < len(b); j++ {
				if j > i+1 && b[j-1] == '*' && b[j] == '/' {
					b[j] = ' '
					break
				}
				if b[j] != '\n' {
					b[j] = ' '
				}
			}
			i = j
		}
	}
	return string(b)
}

// cssScanner walks CSS text, counting lines.
type cssScanner struct {
	src  string
	pos  int
	line int
}

func (s *cssScanner) advance() {
	if s.src[s.pos] == '\n' {
		s.line++
	}
	if s.src[s.pos] == '\\' && s.pos+1 < len(s.src) {
		s.pos++
		if s.src[s.pos] == '\n' {
			s.line++
		}
	}
	s.pos++
}

func (s *cssScanner) skipSpace() {
	for s.pos < len(s.src) && strings.IndexByte(" \t\r\n\f", s.src[s.pos]) >= 0 {
		s.advance()
	}
}

func (s *cssScanner) ident() string {
	start := s.pos
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		if c == '-' || c == '_' || c >= 0x80 || 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' {
			s.pos++
			continue
		}
		break
	}
	return s.src[start:s.pos]
}

// hasURL reports whether a url( function starts here (and not in the
// middle of a longer name such as my-url().
func (s *cssScanner) hasURL() bool {
	if s.pos+4 > len(s.src) || !strings.EqualFold(s.src[s.pos:s.pos+4], "url(") {
		return false
	}
	if s.pos == 0 {
		return true
	}
	p := s.src[s.pos-1]
	return !(p == '-' || p == '_' || p >= 0x80 || 'a' <= p|0x20 && p|0x20 <= 'z' || '0' <= p && p <= '9')
}

func (s *cssScanner) skipString() { s.readString() }

// readString reads a quoted string and returns its value, escapes undone.
func (s *cssScanner) readString() string {
	quote := s.src[s.pos]
	s.pos++
	var b strings.Builder
	for s.pos < len(s.src) {
		c := s.src[s.pos]
		switch {
		case c == quote:
			s.pos++
			return b.String()
		case c == '\n': // an unclosed string ends at the line's end
			return b.String()
		case c == '\\' && s.pos+1 < len(s.src):
			s.pos++
			if s.src[s.pos] == '\n' {
				s.line++
				s.pos++
				continue
			}
			b.WriteString(s.escape())
			continue
		default:
			b.WriteByte(c)
		}
		s.pos++
	}
	return b.String()
}

// escape reads a CSS escape after its backslash.
func (s *cssScanner) escape() string {
	start := s.pos
	for s.pos < len(s.src) && s.pos-start < 6 && strings.IndexByte("0123456789abcdefABCDEF", s.src[s.pos]) >= 0 {
		s.pos++
	}
	if s.pos == start {
		s.pos++
		return s.src[start:s.pos]
	}
	n, _ := strconv.ParseUint(s.src[start:s.pos], 16, 32)
	if s.pos < len(s.src) && (s.src[s.pos] == ' ' || s.src[s.pos] == '\t' || s.src[s.pos] == '\n') {
		s.pos++
	}
	return string(rune(n))
}

// readURL reads the argument of url( up to its closing parenthesis.
func (s *cssScanner) readURL() string {
	s.skipSpace()
	var v string
	if s.pos < len(s.src) && (s.src[s.pos] == '"' || s.src[s.pos] == '\'') {
		v = s.readString()
	} else {
		var b strings.Builder
		for s.pos < len(s.src) && s.src[s.pos] != ')' {
			c := s.src[s.pos]
			if c == '\\' && s.pos+1 < len(s.src) {
				s.pos++
				b.WriteString(s.escape())
				continue
			}
			if c == '\n' {
				s.line++
			}
			b.WriteByte(c)
			s.pos++
		}
		v = b.String()
	}
	for s.pos < len(s.src) && s.src[s.pos] != ')' {
		s.advance()
	}
	if s.pos < len(s.src) {
		s.pos++
	}
	return strings.TrimSpace(v)
}

// block returns the text between the next { and its matching }.
func (s *cssScanner) block() string {
	for s.pos < len(s.src) && s.src[s.pos] != '{' {
		if s.src[s.pos] == ';' { // an at-rule without a block
			return ""
		}
		s.advance()
	}
	if s.pos >= len(s.src) {
		return ""
	}
	s.pos++
	start, depth := s.pos, 1
	for s.pos < len(s.src) {
		switch s.src[s.pos] {
		case '"', '\'':
			s.skipString()
			continue
		case '{':
			depth++
		case '}':
			depth--
			if depth == 0 {
				body := s.src[start:s.pos]
				s.pos++
				return body
			}
		}
		s.advance()
	}
	return s.src[start:]
}
