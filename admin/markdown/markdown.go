// Package markdown reads article bodies with the same goldmark settings the
// public site's Hugo uses (its defaults, raw HTML off): it is the portal's
// one Markdown parser (Parse), so the admin's preview shows what readers
// will see, and the pictures, links, search text and code spans found in a
// body are the ones the site finds.
package markdown

import (
	"bytes"
	"fmt"
	"html/template"
	"strings"
	"unicode"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/parser"
	gmtext "github.com/yuin/goldmark/text"
)

// md mirrors Hugo's goldmark defaults: tables, strikethrough, autolinks,
// task lists, definition lists, footnotes, typographer, heading ids; and
// markup.goldmark.renderer.unsafe = false (raw HTML is omitted).
var md = goldmark.New(
	goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote, extension.Typographer),
	goldmark.WithParserOptions(parser.WithAutoHeadingID()),
)

// Parse parses a Markdown body as the site does. It is the one parser of
// the portal: the preview, the links and pictures a text uses, the search
// index's text and the exporter's code spans all read Markdown through it.
func Parse(src []byte) ast.Node {
	return md.Parser().Parse(gmtext.NewReader(src))
}

// Render returns the HTML of a Markdown body. Raw HTML in the source is not
// passed through.
func Render(src string) (template.HTML, error) {
	var buf bytes.Buffer
	ctx := parser.NewContext(parser.WithIDs(&headingIDs{seen: map[string]bool{}}))
	if err := md.Convert([]byte(src), &buf, parser.WithContext(ctx)); err != nil {
		return "", fmt.Errorf("markdown: %w", err)
	}
	return template.HTML(buf.String()), nil // goldmark escapes text and omits raw HTML
}

// headingIDs makes heading ids as the site's Hugo does (its "github"
// style): Unicode letters and digits kept and lower-cased, spaces and
// hyphens as hyphens, everything else dropped; a repeated id gets -1, -2...
type headingIDs struct {
	seen map[string]bool
}

func (h *headingIDs) Generate(value []byte, kind ast.NodeKind) []byte {
	var b strings.Builder
	for _, r := range strings.TrimSpace(string(value)) {
		switch {
		case r == '-' || r == ' ':
			b.WriteRune('-')
		case r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
			b.WriteRune(unicode.ToLower(r))
		}
	}
	id := b.String()
	if id == "" {
		id = "heading"
	}
	if h.seen[id] {
		for i := 1; ; i++ {
			if next := fmt.Sprintf("%s-%d", id, i); !h.seen[next] {
				id = next
				break
			}
		}
	}
	h.seen[id] = true
	return []byte(id)
}

func (h *headingIDs) Put(value []byte) { h.seen[string(value)] = true }

// Images returns the destinations of the pictures a Markdown body shows, in
// order, each once.
func Images(src string) []string {
	b := []byte(src)
	doc := Parse(b)
	var dests []string
	seen := map[string]bool{}
	walk(doc, func(n ast.Node, entering bool) ast.WalkStatus {
		if img, ok := n.(*ast.Image); ok && entering {
			d := string(img.Destination)
			if !seen[d] {
				seen[d] = true
				dests = append(dests, d)
			}
		}
		return ast.WalkContinue
	})
	return dests
}
