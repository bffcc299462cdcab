package docx

import (
	"bytes"
	"regexp"
	"strconv"
	"strings"

	"github.com/JohannesKaufmann/html-to-markdown/v2/converter"
	"github.com/JohannesKaufmann/html-to-markdown/v2/marker"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/base"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/commonmark"
	"github.com/JohannesKaufmann/html-to-markdown/v2/plugin/strikethrough"
	mdtable "github.com/JohannesKaufmann/html-to-markdown/v2/plugin/table"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"portal/admin/text"
)

// title takes the title paragraph off the front of the body: the first
// paragraph, if it is styled Title or Heading 1 and holds text only.
func title(blocks []block) (string, []block) {
	if len(blocks) == 0 || blocks[0].para == nil {
		return "", blocks
	}
	p := blocks[0].para
	if !(p.title || p.heading == 1) || p.hasImage() {
		return "", blocks
	}
	t := p.plainText()
	if t == "" {
		return "", blocks
	}
	return t, blocks[1:]
}

// markdown writes the body's blocks, then the notes as the definitions of
// their footnotes, numbered from 1 in that order.
func markdown(blocks []block, notes [][]block) (string, error) {
	conv := newConverter()
	body, err := blocksMarkdown(conv, blocks)
	if err != nil {
		return "", err
	}
	parts := []string{}
	if body != "" {
		parts = append(parts, body)
	}
	for i, note := range notes {
		md, err := blocksMarkdown(conv, note)
		if err != nil {
			return "", err
		}
		parts = append(parts, footnoteDefinition(i+1, md))
	}
	if len(parts) == 0 {
		return "", nil
	}
	return strings.Join(parts, "\n\n") + "\n", nil
}

// footnoteDefinition writes the definition of footnote n: its Markdown
// after the label, the lines after the first indented by four spaces, so
// that every paragraph of the note stays in it.
func footnoteDefinition(n int, md string) string {
	lines := strings.Split(md, "\n")
	for i := 1; i < len(lines); i++ {
		if lines[i] != "" {
			lines[i] = "    " + lines[i]
		}
	}
	return "[^" + strconv.Itoa(n) + "]: " + strings.Join(lines, "\n")
}

// blocksMarkdown writes the blocks as HTML and has html-to-markdown write
// that; "" when they show nothing.
func blocksMarkdown(conv *converter.Converter, blocks []block) (string, error) {
	body := element("body")
	doc := &html.Node{Type: html.DocumentNode}
	root := element("html")
	doc.AppendChild(root)
	root.AppendChild(body)

	var lists []openList
	for _, b := range blocks {
		switch {
		case b.table != nil:
			lists = nil
			body.AppendChild(tableHTML(b.table))
		case b.para.list != notList:
			lists = addItem(body, lists, b.para)
		default:
			lists = nil
			body.AppendChild(paragraphHTML(b.para))
		}
	}

	out, err := conv.ConvertNode(doc)
	if err != nil {
		return "", err
	}
	return text.Clean(string(out)), nil
}

func newConverter() *converter.Converter {
	return converter.NewConverter(converter.WithPlugins(
		base.NewBasePlugin(),
		commonmark.NewCommonmarkPlugin(
			commonmark.WithStrongDelimiter("**"),
			commonmark.WithEmDelimiter("*"),
			commonmark.WithBulletListMarker("-"),
			// Word's consecutive list paragraphs become one list, so no
			// two lists of a kind are ever adjacent.
			commonmark.WithListEndComment(false),
		),
		// The site's Markdown has GFM strikethrough: "~" in text is escaped.
		strikethrough.NewStrikethroughPlugin(),
		mdtable.NewTablePlugin(
			mdtable.WithCellPaddingBehavior(mdtable.CellPaddingBehaviorMinimal),
			mdtable.WithSpanCellBehavior(mdtable.SpanBehaviorEmpty),
			mdtable.WithSkipEmptyRows(true),
		),
		wordPlugin{},
	))
}

// wordPlugin adjusts html-to-markdown to Word's text and the site's
// Markdown: nested lists are tight, as Word shows them, and text that looks
// like an HTML entity, a table row or a definition stays text.
type wordPlugin struct{}

func (wordPlugin) Name() string { return "word" }

func (wordPlugin) Init(conv *converter.Converter) error {
	conv.Register.RendererFor("li", converter.TagTypeBlock, renderItem, converter.PriorityEarly)
	conv.Register.RendererFor(noteElement, converter.TagTypeInline, renderNoteReference, converter.PriorityEarly)
	conv.Register.TextTransformer(escapeEntities, converter.PriorityEarly)
	conv.Register.EscapedChar('|', ':')
	conv.Register.UnEscaper(escapeCodeMarks, converter.PriorityEarly)
	conv.Register.UnEscaper(escapePipe, converter.PriorityStandard)
	conv.Register.UnEscaper(escapeDefinition, converter.PriorityStandard)
	conv.Register.UnEscaper(escapeAfterNote, converter.PriorityStandard)
	return nil
}

// noteElement is the element the HTML has for a footnote reference, its
// number in it. renderNoteReference writes it as Markdown, not as text,
// so that its brackets stay unescaped.
const noteElement = "docx-note"

func renderNoteReference(_ converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	if n.FirstChild == nil {
		return converter.RenderSuccess
	}
	// The converter's writer does not fail (see renderItem).
	_, _ = w.WriteString("[^" + n.FirstChild.Data + "]")
	return converter.RenderSuccess
}

// escapeAfterNote escapes a ":" right after a footnote reference: "[^1]:"
// starting a paragraph or a list item would be read as the definition of
// the footnote. The reference is written without escapes, so "[^1]" typed
// as text (whose brackets are escaped) is not one.
func escapeAfterNote(chars []byte, i int) int {
	if chars[i] != ':' {
		return -1
	}
	j := i - 2 // the escape marker is at i-1
	if j < 0 || chars[j] != ']' {
		return -1
	}
	last := j - 1
	j = last
	for j >= 0 && chars[j] >= '0' && chars[j] <= '9' {
		j--
	}
	if j == last || j < 1 || chars[j] != '^' || chars[j-1] != '[' {
		return -1
	}
	return 1
}

// escapeCodeMarks escapes every "`" and "~" of text, one at a time. The
// library's own check for a code fence takes a run such as "~~`" as one
// and escapes only its first character: "~~`0`" was written "\~~`0\`",
// which the site's Markdown reads as a code span.
func escapeCodeMarks(chars []byte, i int) int {
	if chars[i] != '`' && chars[i] != '~' {
		return -1
	}
	return 1
}

// escapePipe escapes every "|" of text: lines joined by line breaks could
// otherwise make a GFM table ("| a | b |", "|---|---|").
func escapePipe(chars []byte, i int) int {
	if chars[i] != '|' {
		return -1
	}
	return 1
}

// escapeDefinition escapes a ":" that starts a line and is followed by a
// space, which the site's Markdown (with definition lists) would read as
// the definition of the line before.
func escapeDefinition(chars []byte, i int) int {
	if chars[i] != ':' || i+1 < len(chars) && chars[i+1] != ' ' && chars[i+1] != '\t' {
		return -1
	}
	for j := i - 1; j >= 0 && chars[j] != '\n'; j-- {
		if chars[j] != ' ' && chars[j] != marker.BytesMarkerEscaping[0] {
			return -1
		}
	}
	return 1
}

var blankLines = regexp.MustCompile(`\n[ \t]*(\n[ \t]*)+`)

// renderItem writes a list item without blank lines in it: the library
// separates an item's text from its nested list by a blank line, which
// would make every list with a sublist a loose one (paragraphs in items).
// An item holds only a line of text and nested lists, so a blank line in it
// is never needed.
func renderItem(ctx converter.Context, w converter.Writer, n *html.Node) converter.RenderStatus {
	var buf bytes.Buffer
	ctx.RenderChildNodes(ctx, &buf, n)
	// The converter's writer is its buffer in memory, whose writes do not
	// fail (a render function has no way to return an error anyway).
	_, _ = w.Write(blankLines.ReplaceAll(bytes.TrimSpace(buf.Bytes()), []byte("\n")))
	return converter.RenderSuccess
}

var entity = regexp.MustCompile(`&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);`)

// escapeEntities keeps text such as "&copy;" as written: the library leaves
// "&" alone, and Markdown would show the character the entity names.
func escapeEntities(_ converter.Context, content string) string {
	if !strings.Contains(content, "&") {
		return content
	}
	return entity.ReplaceAllString(content, "&amp;$1;")
}

// openList is a list being filled, with the Word list level of its items.
type openList struct {
	node    *html.Node
	level   int
	ordered bool
}

// addItem adds a list paragraph to the open lists (outermost first) and
// returns them. Markdown nests lists one level at a time, so a jump of
// several Word levels nests once, and a list that starts deeper than it
// goes on stays one list.
func addItem(body *html.Node, lists []openList, p *paragraph) []openList {
	ordered := p.list == numbers
	for len(lists) > 1 && lists[len(lists)-1].level > p.level && lists[len(lists)-2].level >= p.level {
		lists = lists[:len(lists)-1]
	}
	if n := len(lists); n > 0 && lists[n-1].level > p.level {
		lists[n-1].level = p.level
	}
	if n := len(lists); n > 0 && lists[n-1].level == p.level && lists[n-1].ordered != ordered {
		lists = lists[:n-1]
	}
	if n := len(lists); n == 0 || lists[n-1].level < p.level {
		parent := body
		if n > 0 {
			parent = lists[n-1].node.LastChild
		}
		name := "ul"
		if ordered {
			name = "ol"
		}
		l := element(name)
		parent.AppendChild(l)
		lists = append(lists, openList{node: l, level: p.level, ordered: ordered})
	}
	li := element("li")
	inlineHTML(li, p.spans, false, false)
	lists[len(lists)-1].node.AppendChild(li)
	return lists
}

func paragraphHTML(p *paragraph) *html.Node {
	switch {
	case p.heading > 0:
		// A heading is bold already and is one line. The article's title
		// is the page's only first-level heading: Word's Heading 1 is a
		// section (level 2), and levels stop at 4, as in the editor.
		h := element("h" + strconv.Itoa(min(p.heading+1, 4)))
		inlineHTML(h, p.spans, true, true)
		return h
	case p.title:
		h := element("h2")
		inlineHTML(h, p.spans, true, true)
		return h
	}
	el := element("p")
	inlineHTML(el, p.spans, false, false)
	return el
}

// tableHTML writes a table with its first row as the header row, as GFM
// tables have one. A cell is one line of text: its paragraphs are joined
// with spaces.
func tableHTML(t *table) *html.Node {
	tbl := element("table")
	thead, tbody := element("thead"), element("tbody")
	tbl.AppendChild(thead)
	tbl.AppendChild(tbody)
	for i, row := range t.rows {
		tr := element("tr")
		name := "td"
		if i == 0 {
			thead.AppendChild(tr)
			name = "th"
		} else {
			tbody.AppendChild(tr)
		}
		for _, c := range row {
			td := element(name)
			if c.span > 1 {
				td.Attr = append(td.Attr, html.Attribute{Key: "colspan", Val: strconv.Itoa(c.span)})
			}
			var spans []span
			for _, p := range cellParagraphs(c.blocks, nil) {
				if len(spans) > 0 {
					spans = append(spans, span{kind: textSpan, text: " "})
				}
				spans = append(spans, p.spans...)
			}
			inlineHTML(td, spans, i == 0, true)
			tr.AppendChild(td)
		}
	}
	return tbl
}

// cellParagraphs returns the paragraphs of a cell, those of tables in it
// included.
func cellParagraphs(blocks []block, out []*paragraph) []*paragraph {
	for _, b := range blocks {
		if b.para != nil {
			out = append(out, b.para)
			continue
		}
		for _, row := range b.table.rows {
			for _, c := range row {
				out = cellParagraphs(c.blocks, out)
			}
		}
	}
	return out
}

// inlineHTML appends spans to parent as links holding bold holding
// italic. noBold drops bold (headings are bold already); oneLine turns line
// breaks into spaces (headings and table cells are one line).
func inlineHTML(parent *html.Node, spans []span, noBold, oneLine bool) {
	spans = tidySpans(spans, noBold, oneLine)
	for _, link := range groups(spans, func(a, b span) bool { return a.href == b.href }) {
		in := parent
		if href := link[0].href; href != "" {
			in = element("a")
			in.Attr = []html.Attribute{{Key: "href", Val: href}}
			parent.AppendChild(in)
		}
		for _, bold := range groups(link, func(a, b span) bool { return a.bold == b.bold }) {
			in := in
			if bold[0].bold {
				in = appendElement(in, "strong")
			}
			for _, italic := range groups(bold, func(a, b span) bool { return a.italic == b.italic }) {
				in := in
				if italic[0].italic {
					in = appendElement(in, "em")
				}
				for _, s := range italic {
					in.AppendChild(leaf(s))
				}
			}
		}
	}
}

func leaf(s span) *html.Node {
	switch s.kind {
	case breakSpan:
		return element("br")
	case imageSpan:
		img := element("img")
		img.Attr = []html.Attribute{{Key: "src", Val: s.src}, {Key: "alt", Val: s.alt}}
		return img
	case noteSpan:
		// The number is text, for the converter to see that white space
		// after a reference that begins a paragraph is not leading space.
		ref := element(noteElement)
		ref.AppendChild(&html.Node{Type: html.TextNode, Data: strconv.Itoa(s.number)})
		return ref
	}
	return &html.Node{Type: html.TextNode, Data: s.text}
}

// groups cuts spans into runs of neighbours that are the same by same.
func groups(spans []span, same func(a, b span) bool) [][]span {
	var out [][]span
	for i := 0; i < len(spans); {
		j := i + 1
		for j < len(spans) && same(spans[i], spans[j]) {
			j++
		}
		out = append(out, spans[i:j])
		i = j
	}
	return out
}

// tidySpans prepares a paragraph's spans for writing: references to notes
// left out go, only safe links stay links, bare URLs and e-mail addresses
// become links, white space between two pieces of the same formatting
// takes that formatting (so that "**a b**" is not written "**a** **b**"),
// and line breaks do not repeat, begin or end the paragraph.
func tidySpans(in []span, noBold, oneLine bool) []span {
	spans := make([]span, 0, len(in))
	for _, s := range in {
		if s.kind == noteSpan && s.number == 0 {
			continue
		}
		if s.href != "" {
			s.href = safeLink(s.href)
		}
		if noBold {
			s.bold = false
		}
		if s.kind == breakSpan && oneLine {
			s = span{kind: textSpan, text: " "}
		}
		spans = append(spans, s)
	}
	spans = linkify(spans)
	for i := 1; i+1 < len(spans); i++ {
		s, prev, next := &spans[i], spans[i-1], spans[i+1]
		if s.kind == textSpan && strings.TrimSpace(s.text) == "" &&
			prev.kind == textSpan && next.kind == textSpan && sameFormat(prev, next) {
			s.bold, s.italic, s.href = prev.bold, prev.italic, prev.href
		}
	}
	// A link of nothing but white space is no link.
	for i := range spans {
		s := &spans[i]
		if s.kind == textSpan && s.href != "" && strings.TrimSpace(s.text) == "" &&
			(i == 0 || spans[i-1].href != s.href) && (i+1 == len(spans) || spans[i+1].href != s.href) {
			s.href = ""
		}
	}

	out := make([]span, 0, len(spans))
	trimEnd := func() {
		for len(out) > 0 {
			last := out[len(out)-1]
			if last.kind != textSpan || strings.TrimSpace(last.text) != "" {
				return
			}
			out = out[:len(out)-1]
		}
	}
	for _, s := range spans {
		if s.kind == breakSpan {
			trimEnd()
			n := len(out)
			if n == 0 || out[n-1].kind == breakSpan {
				continue
			}
			// A break belongs to the text before it, so that it does
			// not cut a bold passage in two.
			s.bold, s.italic, s.href = out[n-1].bold, out[n-1].italic, out[n-1].href
		}
		out = append(out, s)
	}
	for trimEnd(); len(out) > 0 && out[len(out)-1].kind == breakSpan; trimEnd() {
		out = out[:len(out)-1]
	}
	return mergeText(out)
}

var bareLink = regexp.MustCompile(`(?i)(?:https?://|www\.)[^\s<>"]+|[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}`)

// linkify makes links of the URLs and e-mail addresses written as text.
// The site's Markdown would link them too, but only as far as the first
// character the escaping puts a backslash before ("a_b" is written a\_b),
// so a written address would lead somewhere else.
func linkify(in []span) []span {
	var out []span
	for _, s := range in {
		if s.kind != textSpan || s.href != "" || !mayHoldAddress(s.text) {
			out = append(out, s)
			continue
		}
		rest := s.text
		for {
			loc := bareLink.FindStringIndex(rest)
			if loc == nil {
				break
			}
			addr := trimAddress(rest[loc[0]:loc[1]])
			href := addr
			switch {
			case strings.HasPrefix(strings.ToLower(addr), "www."):
				href = "http://" + addr
			case !strings.Contains(strings.ToLower(addr), "://"):
				href = "mailto:" + addr
			}
			end := loc[0] + len(addr)
			if safeLink(href) == "" {
				// Not an address after all: keep it as text.
				t := s
				t.text = rest[:end]
				out = append(out, t)
				rest = rest[end:]
				continue
			}
			if loc[0] > 0 {
				t := s
				t.text = rest[:loc[0]]
				out = append(out, t)
			}
			l := s
			l.text, l.href = addr, href
			out = append(out, l)
			rest = rest[end:]
		}
		if rest != "" {
			s.text = rest
			out = append(out, s)
		}
	}
	return out
}

// mayHoldAddress is a quick look before the regular expression.
func mayHoldAddress(s string) bool {
	return strings.Contains(s, "://") || strings.Contains(s, "@") || strings.Contains(strings.ToLower(s), "www.")
}

// trimAddress drops the punctuation that ends the sentence rather than the
// address, and a closing parenthesis that the address did not open.
func trimAddress(a string) string {
	for a != "" {
		last := a[len(a)-1]
		switch {
		case strings.IndexByte(".,:;!?'\"*_~", last) >= 0:
			a = a[:len(a)-1]
		case last == ')' && strings.Count(a, "(") < strings.Count(a, ")"):
			a = a[:len(a)-1]
		default:
			return a
		}
	}
	return a
}

func element(name string) *html.Node {
	return &html.Node{Type: html.ElementNode, Data: name, DataAtom: atom.Lookup([]byte(name))}
}

func appendElement(parent *html.Node, name string) *html.Node {
	el := element(name)
	parent.AppendChild(el)
	return el
}
