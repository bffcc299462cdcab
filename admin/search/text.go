package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark/ast"

	"portal/admin/markdown"
	"portal/admin/text"
)

// blockBreak ends every block in PlainText's output: a phrase never runs
// from a heading into the paragraph below it, or from one cell to the next.
const blockBreak = '\u2029'

// PlainText returns the words a reader sees in a Markdown body: headings,
// paragraphs, list items, table cells, link texts, picture descriptions
// and code. Raw HTML, which the site does not show, is left out, and so
// are link and picture addresses. Blocks end with U+2029 (paragraph
// separator).
func PlainText(md string) string {
	src := []byte(md)
	// The site's parser: a table's cells are cells here too.
	doc := markdown.Parse(src)
	var b strings.Builder
	b.Grow(len(src))
	put := func(p []byte) {
		if strings.IndexByte(string(p), '&') >= 0 {
			b.WriteString(html.UnescapeString(string(p)))
			return
		}
		b.Write(p)
	}
	// The walker below never returns an error, so neither does the walk.
	_ = ast.Walk(doc, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		switch n := n.(type) {
		case *ast.RawHTML, *ast.HTMLBlock:
			return ast.WalkSkipChildren, nil
		case *ast.Text:
			if entering {
				put(n.Segment.Value(src))
				if n.SoftLineBreak() || n.HardLineBreak() {
					b.WriteByte('\n')
				}
			}
		case *ast.String:
			if entering {
				put(n.Value)
			}
		case *ast.AutoLink:
			if entering {
				b.Write(n.Label(src))
			}
			return ast.WalkSkipChildren, nil
		case *ast.CodeBlock, *ast.FencedCodeBlock:
			if entering {
				lines := n.Lines()
				for i := 0; i < lines.Len(); i++ {
					seg := lines.At(i)
					b.Write(seg.Value(src))
				}
				b.WriteRune(blockBreak)
			}
			return ast.WalkSkipChildren, nil
		}
		if !entering && n.Type() == ast.TypeBlock && n.Kind() != ast.KindDocument {
			b.WriteRune(blockBreak)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// maxToken is the longest word indexed, in characters; longer runs of
// letters are addresses or codes, not words anyone types.
const maxToken = 40

// token is one word of a text.
type token struct {
	exact string // lower case, NFC, with its diacritics
	fold  string // without diacritics (text.Fold)
	// joined says that only spaces or hyphens stand between this word and
	// the one before, so the two may form a phrase.
	joined bool
}

// tokenizer splits texts into words, remembering the folded form of each
// word it has seen: a site's vocabulary is small next to its text.
type tokenizer struct {
	folds map[string]string
}

func newTokenizer() *tokenizer { return &tokenizer{folds: map[string]string{}} }

// isWordRune is the one rule for what a word is made of, shared with the
// site's script: letters, combining marks and digits (Unicode categories
// L, M and N). Everything else separates words.
func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsMark(r) || unicode.IsNumber(r)
}

// isJoiner reports whether r may stand between the two words of a phrase.
func isJoiner(r rune) bool {
	switch r {
	case blockBreak, '\u2028':
		return false
	case '-', '\u2010', '\u2011':
		return true
	}
	return unicode.IsSpace(r)
}

// tokens appends the words of s (any normalisation form, any case) to ts.
// The first word of s never continues a phrase of the text before.
func (tz *tokenizer) tokens(ts []token, s string) []token {
	s = text.NFC(s)
	joined := false
	start := -1
	flush := func(end int) {
		w := s[start:end]
		start = -1
		if utf8.RuneCountInString(w) > maxToken {
			joined = false
			return
		}
		exact := strings.ToLower(w)
		f, ok := tz.folds[exact]
		if !ok {
			f = text.Fold(exact)
			tz.folds[exact] = f
		}
		ts = append(ts, token{exact: exact, fold: f, joined: joined})
		joined = true
	}
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			flush(i)
		}
		if !isJoiner(r) {
			joined = false
		}
	}
	if start >= 0 {
		flush(len(s))
	}
	return ts
}
