package markdown

import (
	"errors"
	"net/url"
	"strings"

	"github.com/yuin/goldmark/ast"
	extast "github.com/yuin/goldmark/extension/ast"
)

// Link is a link of a Markdown body: the text readers see and its address.
type Link struct {
	Text string
	Dest string
}

// Links returns the links of a Markdown body in order: inline and
// reference links and autolinks (bare addresses the site turns into
// links), each address once.
func Links(src string) []Link {
	b := []byte(src)
	doc := Parse(b)
	var links []Link
	seen := map[string]bool{}
	add := func(text, dest string) {
		if !seen[dest] {
			seen[dest] = true
			links = append(links, Link{Text: strings.TrimSpace(text), Dest: dest})
		}
	}
	walk(doc, func(n ast.Node, entering bool) ast.WalkStatus {
		if !entering {
			return ast.WalkContinue
		}
		switch n := n.(type) {
		case *ast.Link:
			add(plainText(n, b), string(n.Destination))
		case *ast.AutoLink:
			add(string(n.Label(b)), string(n.URL(b)))
		}
		return ast.WalkContinue
	})
	return links
}

// plainText is the text of a node's children.
func plainText(n ast.Node, src []byte) string {
	var sb strings.Builder
	walk(n, func(c ast.Node, entering bool) ast.WalkStatus {
		if t, ok := c.(*ast.Text); ok && entering {
			sb.Write(t.Segment.Value(src))
			if t.SoftLineBreak() || t.HardLineBreak() {
				sb.WriteByte(' ')
			}
		}
		return ast.WalkContinue
	})
	return sb.String()
}

// walk visits the tree under n with fn, which cannot fail: ast.Walk
// returns only the errors its walker returns, so there is none to check.
func walk(n ast.Node, fn func(n ast.Node, entering bool) ast.WalkStatus) {
	_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		return fn(n, entering), nil
	})
}

// Problems with a link's address, as CheckLink reports them.
const (
	LinkEscape     = "escape"     // a "%" not followed by two hex digits
	LinkScheme     = "scheme"     // javascript:, data:, file: ...: not a page readers can open
	LinkHost       = "host"       // the server's name or port cannot be read
	LinkUnreadable = "unreadable" // anything else the site's address parser refuses
)

// linkSchemes are the kinds of address an article may link to.
var linkSchemes = map[string]bool{"http": true, "https": true, "mailto": true, "tel": true}

// CheckLink tells what is wrong with a link's address ("" when nothing is):
// the site reads every address with Go's net/url (Hugo's urls.Parse), so an
// address it cannot read would show as plain text; and only web pages,
// e-mail addresses, phone numbers and the site's own pages are linked.
func CheckLink(dest string) string {
	u, err := url.Parse(dest)
	if err != nil {
		var (
			esc  url.EscapeError
			host url.InvalidHostError
		)
		switch {
		case errors.As(err, &esc):
			return LinkEscape
		case errors.As(err, &host), strings.Contains(err.Error(), "port"), strings.Contains(err.Error(), "host"):
			return LinkHost
		}
		return LinkUnreadable
	}
	if u.Scheme != "" && !linkSchemes[strings.ToLower(u.Scheme)] {
		return LinkScheme
	}
	return ""
}

// Text is the text of a Markdown document as a reader sees it, without its
// syntax: each paragraph, heading, list item and table cell on a line of
// its own, pictures by their descriptions. Diffs of revisions compare it,
// so that a change reads as the words that changed.
func Text(src string) string {
	b := []byte(src)
	var sb strings.Builder
	walk(Parse(b), func(n ast.Node, entering bool) ast.WalkStatus {
		if !entering || n.Type() != ast.TypeBlock {
			return ast.WalkContinue
		}
		switch n.(type) {
		case *ast.Paragraph, *ast.Heading, *ast.TextBlock, *extast.TableCell:
			if t := strings.TrimSpace(plainText(n, b)); t != "" {
				sb.WriteString(t + "\n")
			}
			return ast.WalkSkipChildren
		}
		return ast.WalkContinue
	})
	return sb.String()
}
