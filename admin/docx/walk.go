package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"strconv"
	"strings"
	"unicode"

	"portal/admin/text"
)

// A block is a paragraph or a table of the body.
type block struct {
	para  *paragraph
	table *table
}

type paragraph struct {
	heading int  // 1 to 6; 0 for body text
	title   bool // styled Title
	list    listKind
	level   int // list level, 0 for the outermost
	spans   []span
}

// span is a piece of a paragraph: text in one formatting, a line break, a
// picture or the reference to a note.
type span struct {
	kind         spanKind
	text         string
	bold, italic bool
	href         string  // the link's destination; "" outside links
	src, alt     string  // a picture's Ref and description
	note         noteKey // the note a reference is to
	number       int     // the reference's footnote number; 0 until numbered, and for a note left out
}

type spanKind int

const (
	textSpan spanKind = iota
	breakSpan
	imageSpan
	noteSpan
)

type table struct {
	rows [][]cell
}

type cell struct {
	blocks []block
	span   int // columns the cell covers
}

// walker turns document.xml into blocks, collecting pictures on the way.
type walker struct {
	pkg       *pkg
	rels      map[string]rel
	styles    *styles
	numbering *numbering
	images    []Image
	seen      map[string]int // image index by part name
	fields    []field        // complex fields open at this point of the text
	notes     [2]*noteFile   // the footnotes and the endnotes (by noteKind)
	inNote    bool           // walking a note rather than the body
}

// maxFieldCode is as much of a field's code as is read.
const maxFieldCode = 4 << 10

// field is a complex field (w:fldChar begin … separate … end): its code is
// dropped and its result kept, as a link when the code is a HYPERLINK.
type field struct {
	code   string
	result bool // past the separator
	href   string
}

// document reads the body of document.xml one top-level element at a time.
func (w *walker) document(b []byte) ([]block, error) {
	d := xml.NewDecoder(bytes.NewReader(b))
	var blocks []block
	depth := 0
	rootSeen, inBody := false, false
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) && rootSeen && depth == 0 {
			return blocks, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %w", errDamaged, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			name := qualified(t.Name)
			if !rootSeen {
				if name != "w:document" {
					return nil, refuseNotWord()
				}
				rootSeen = true
				depth++
				continue
			}
			if inBody {
				n, err := readElement(d, t)
				if err != nil {
					return nil, fmt.Errorf("%w: %w", errDamaged, err)
				}
				if blocks, err = w.blocks(n, blocks); err != nil {
					return nil, err
				}
				continue
			}
			if depth == 1 && name == "w:body" {
				inBody = true
			}
			depth++
		case xml.EndElement:
			depth--
			inBody = false
		}
	}
}

// blocks appends the blocks of a body-level element.
func (w *walker) blocks(n *node, out []block) ([]block, error) {
	switch n.name {
	case "w:p":
		p, err := w.paragraph(n)
		if err != nil {
			return nil, err
		}
		if !p.empty() {
			out = append(out, block{para: p})
		}
	case "w:tbl":
		t, err := w.table(n)
		if err != nil {
			return nil, err
		}
		switch {
		case t == nil:
		case len(t.rows) == 1 && len(t.rows[0]) == 1:
			// A table of one cell is a frame around its content.
			out = append(out, t.rows[0][0].blocks...)
		default:
			out = append(out, block{table: t})
		}
	case "w:sdt":
		return w.kidBlocks(n.child("w:sdtContent"), out)
	case "w:customXml", "w:ins", "w:moveTo", "w:smartTag":
		return w.kidBlocks(n, out)
	case "mc:AlternateContent":
		return w.kidBlocks(n.child("mc:Choice"), out)
	}
	return out, nil
}

func (w *walker) kidBlocks(n *node, out []block) ([]block, error) {
	if n == nil {
		return out, nil
	}
	var err error
	for _, k := range n.kids {
		if out, err = w.blocks(k, out); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (w *walker) paragraph(n *node) (*paragraph, error) {
	p := &paragraph{}
	pPr := n.child("w:pPr")
	styleID := pPr.child("w:pStyle").attr("w:val")
	p.heading, p.title = w.styles.heading(styleID)
	if o := pPr.child("w:outlineLvl"); o != nil {
		p.heading = outlineLevel(o.attr("w:val"))
	}
	if p.heading == 0 && !p.title {
		numID, ilvl := w.styles.numbering(styleID)
		if np := pPr.child("w:numPr"); np != nil {
			if id := np.child("w:numId"); id != nil {
				numID = id.attr("w:val")
			}
			if l := np.child("w:ilvl"); l != nil {
				ilvl = l.attr("w:val")
			}
		}
		p.level, _ = strconv.Atoi(ilvl)
		p.level = max(0, min(p.level, 8))
		p.list = w.numbering.kind(numID, p.level)
	}
	if err := w.inline(p, n, ""); err != nil {
		return nil, err
	}
	p.finish()
	// A field code does not go on past its paragraph in a sound file;
	// one left open would swallow the rest of the document.
	for len(w.fields) > 0 && !w.fields[len(w.fields)-1].result {
		w.fields = w.fields[:len(w.fields)-1]
	}
	return p, nil
}

// inline walks the content of a paragraph (or of something in it) with the
// link destination href that applies there.
func (w *walker) inline(p *paragraph, n *node, href string) error {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		var err error
		switch k.name {
		case "w:r":
			err = w.run(p, k, href)
		case "w:hyperlink":
			err = w.inline(p, k, w.hyperlink(k))
		case "w:fldSimple":
			h := fieldLink(k.attr("w:instr"))
			if h == "" {
				h = href
			}
			err = w.inline(p, k, h)
		case "w:ins", "w:moveTo", "w:smartTag", "w:customXml", "w:dir", "w:bdo":
			err = w.inline(p, k, href)
		case "w:sdt":
			err = w.inline(p, k.child("w:sdtContent"), href)
		case "mc:AlternateContent":
			err = w.inline(p, k.child("mc:Choice"), href)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// hyperlink returns the destination of a w:hyperlink: its external target,
// or "" for an anchor inside the document.
func (w *walker) hyperlink(n *node) string {
	id := n.attr("r:id")
	if id == "" {
		return ""
	}
	r, ok := w.rels[id]
	if !ok || !r.External {
		return ""
	}
	target := r.Target
	if a := n.attr("w:anchor"); a != "" && !strings.Contains(target, "#") {
		target += "#" + a
	}
	return target
}

func (w *walker) run(p *paragraph, r *node, href string) error {
	rPr := r.child("w:rPr")
	if on(rPr.child("w:vanish")) || on(rPr.child("w:webHidden")) || on(rPr.child("w:specVanish")) {
		return nil
	}
	styleID := rPr.child("w:rStyle").attr("w:val")
	if w.inNote && (w.styles.noteMark(styleID) || r.child("w:footnoteRef") != nil || r.child("w:endnoteRef") != nil) {
		// The note's own mark: the footnote's number shows it.
		return nil
	}
	bold, italic := w.styles.runFormat(styleID)
	b := bold != nil && *bold
	i := italic != nil && *italic
	if x := rPr.child("w:b"); x != nil {
		b = on(x)
	}
	if x := rPr.child("w:i"); x != nil {
		i = on(x)
	}
	return w.runContent(p, r, href, b, i)
}

func (w *walker) runContent(p *paragraph, r *node, href string, b, i bool) error {
	customMark := false // the rest of the run is a note's custom mark
	add := func(s string) {
		if w.inFieldCode() || customMark {
			return
		}
		h := href
		if h == "" {
			h = w.fieldHref()
		}
		p.add(span{kind: textSpan, text: s, bold: b, italic: i, href: h})
	}
	for _, k := range r.kids {
		switch k.name {
		case "w:t":
			add(string(k.text))
		case "w:tab", "w:ptab":
			add(" ")
		case "w:noBreakHyphen":
			add("-")
		case "w:br":
			// Page and column breaks only lay out the page.
			if t := k.attr("w:type"); (t == "" || t == "textWrapping") && !w.inFieldCode() {
				p.add(span{kind: breakSpan})
			}
		case "w:cr":
			if !w.inFieldCode() {
				p.add(span{kind: breakSpan})
			}
		case "w:fldChar":
			w.fieldChar(k.attr("w:fldCharType"))
		case "w:instrText":
			if n := len(w.fields); n > 0 && !w.fields[n-1].result {
				// The start of a code says what it is: a long one is
				// not kept whole.
				if len(w.fields[n-1].code) < maxFieldCode {
					w.fields[n-1].code += string(k.text)
				}
			}
		case "w:footnoteReference", "w:endnoteReference":
			if m := k.attr("w:customMarkFollows"); m != "" && !isOff(m) {
				customMark = true
			}
			w.noteReference(p, k, b, i)
		case "w:drawing":
			if err := w.drawing(p, k, href); err != nil {
				return err
			}
		case "w:pict":
			if err := w.vmlPicture(p, k, href); err != nil {
				return err
			}
		case "mc:AlternateContent":
			if err := w.runContent(p, k.child("mc:Choice"), href, b, i); err != nil {
				return err
			}
		}
	}
	return nil
}

// on reports whether a toggle element such as w:b is present and on.
func on(n *node) bool {
	return n != nil && !isOff(n.attr("w:val"))
}

func (w *walker) fieldChar(kind string) {
	n := len(w.fields)
	switch kind {
	case "begin":
		w.fields = append(w.fields, field{})
	case "separate":
		if n > 0 && !w.fields[n-1].result {
			f := &w.fields[n-1]
			f.result = true
			f.href = fieldLink(f.code)
		}
	case "end":
		if n > 0 {
			w.fields = w.fields[:n-1]
		}
	}
}

// inFieldCode reports whether the text at this point is a field's code
// (also that of a field nested in another's code).
func (w *walker) inFieldCode() bool {
	for _, f := range w.fields {
		if !f.result {
			return true
		}
	}
	return false
}

// fieldHref returns the destination of the innermost HYPERLINK field whose
// result the text at this point is in.
func (w *walker) fieldHref() string {
	for i := len(w.fields) - 1; i >= 0; i-- {
		if w.fields[i].href != "" {
			return w.fields[i].href
		}
	}
	return ""
}

// fieldLink returns the destination of a HYPERLINK field code such as
// `HYPERLINK "https://example.vn" \o "tip"`; "" for any other field and for
// a link to a bookmark of the document (\l only).
func fieldLink(code string) string {
	args := fieldArgs(code)
	if len(args) == 0 || !strings.EqualFold(args[0], "HYPERLINK") {
		return ""
	}
	var target, anchor string
	for i := 1; i < len(args); i++ {
		a := args[i]
		switch {
		case strings.EqualFold(a, `\l`):
			if i+1 < len(args) {
				i++
				anchor = args[i]
			}
		case strings.EqualFold(a, `\o`), strings.EqualFold(a, `\t`):
			i++ // the switch's argument
		case strings.HasPrefix(a, `\`):
			// a switch without an argument
		case target == "":
			target = a
		}
	}
	if target == "" {
		return ""
	}
	if anchor != "" && !strings.Contains(target, "#") {
		target += "#" + anchor
	}
	return target
}

// fieldArgs splits a field code into words, a quoted string being one.
func fieldArgs(code string) []string {
	var args []string
	for code = strings.TrimSpace(code); code != ""; code = strings.TrimSpace(code) {
		if code[0] == '"' {
			end := strings.IndexByte(code[1:], '"')
			if end < 0 {
				args = append(args, code[1:])
				break
			}
			args = append(args, code[1:1+end])
			code = code[2+end:]
			continue
		}
		end := strings.IndexAny(code, " \t\r\n\"")
		if end < 0 {
			args = append(args, code)
			break
		}
		args = append(args, code[:end])
		code = code[end:]
	}
	return args
}

// drawing adds the picture of a DrawingML drawing (w:drawing), if it is one
// embedded in the file; charts, shapes and linked pictures are dropped.
func (w *walker) drawing(p *paragraph, d *node, href string) error {
	blip := d.find("a:blip")
	embed := blip.attr("r:embed")
	if embed == "" {
		return nil
	}
	docPr := d.find("wp:docPr")
	alt := docPr.attr("descr")
	if strings.TrimSpace(alt) == "" {
		alt = docPr.attr("title")
	}
	return w.picture(p, embed, alt, href)
}

// vmlPicture adds the picture of a VML shape (w:pict), which Word still
// writes for files made in its older versions.
func (w *walker) vmlPicture(p *paragraph, pict *node, href string) error {
	data := pict.find("v:imagedata")
	id := data.attr("r:id")
	if id == "" {
		return nil
	}
	alt := pict.find("v:shape").attr("alt")
	if strings.TrimSpace(alt) == "" {
		alt = data.attr("o:title")
	}
	return w.picture(p, id, alt, href)
}

func (w *walker) picture(p *paragraph, relID, alt, href string) error {
	if w.inFieldCode() {
		return nil
	}
	if href == "" {
		href = w.fieldHref()
	}
	r, ok := w.rels[relID]
	if !ok || r.External {
		return nil
	}
	alt = text.Clean(strings.Join(strings.Fields(alt), " "))
	i, seen := w.seen[strings.ToLower(r.Target)]
	if !seen {
		if len(w.images) >= w.pkg.lim.MaxImages {
			return errTooLarge
		}
		data, ok, err := w.pkg.read(r.Target)
		if err != nil {
			return err
		}
		if !ok {
			return nil // a picture whose part is missing is left out
		}
		i = len(w.images)
		w.seen[strings.ToLower(r.Target)] = i
		w.images = append(w.images, Image{
			Name: path.Base(r.Target),
			Data: data,
			Alt:  alt,
			Ref:  fmt.Sprintf("docx-image-%d", i+1),
		})
	}
	p.add(span{kind: imageSpan, src: w.images[i].Ref, alt: alt, href: href})
	return nil
}

// add appends a span.
func (p *paragraph) add(s span) {
	if s.kind == textSpan {
		if s.text = cleanText(s.text); s.text == "" {
			return
		}
	}
	p.spans = append(p.spans, s)
}

// finish merges text with the text before it when they look the same, so
// that Word's runs (split by spelling marks, revisions and editing
// sessions) do not show in the Markdown, and puts the text in NFC.
func (p *paragraph) finish() {
	for j := 1; j < len(p.spans); j++ {
		prev, s := &p.spans[j-1], &p.spans[j]
		if prev.kind != textSpan || s.kind != textSpan {
			continue
		}
		// Accents that follow their letter in another run (text in NFD
		// whose formatting changes mid-letter) go with the letter.
		marks := strings.IndexFunc(s.text, func(r rune) bool { return !unicode.Is(unicode.Mn, r) })
		if marks < 0 {
			marks = len(s.text)
		}
		if marks > 0 && !sameFormat(*prev, *s) {
			prev.text += s.text[:marks]
			s.text = s.text[marks:]
		}
	}
	spans := mergeText(p.spans)
	p.spans = spans[:0]
	for _, s := range spans {
		if s.kind == textSpan {
			if s.text = text.NFC(s.text); s.text == "" {
				continue
			}
		}
		p.spans = append(p.spans, s)
	}
}

// mergeText joins neighbouring text spans of the same formatting.
func mergeText(spans []span) []span {
	out := make([]span, 0, len(spans))
	for i := 0; i < len(spans); {
		s := spans[i]
		j := i + 1
		if s.kind == textSpan {
			for j < len(spans) && spans[j].kind == textSpan && sameFormat(s, spans[j]) {
				j++
			}
			if j > i+1 {
				var b strings.Builder
				for _, t := range spans[i:j] {
					b.WriteString(t.text)
				}
				s.text = b.String()
			}
		}
		out = append(out, s)
		i = j
	}
	return out
}

func sameFormat(a, b span) bool {
	return a.bold == b.bold && a.italic == b.italic && a.href == b.href
}

// cleanText drops what may be in Word's text without being a character of
// it: control characters, and the private-use code points of symbol fonts.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\t' || r == '\n' || r == '\r':
			return ' '
		case unicode.IsControl(r), r >= 0xF000 && r <= 0xF0FF:
			return -1
		}
		return r
	}, s)
}

// empty reports whether the paragraph shows nothing but white space.
func (p *paragraph) empty() bool {
	for _, s := range p.spans {
		switch s.kind {
		case imageSpan, noteSpan:
			return false
		case textSpan:
			if strings.TrimSpace(s.text) != "" {
				return false
			}
		}
	}
	return true
}

// plainText is the paragraph's text on one line.
func (p *paragraph) plainText() string {
	var b strings.Builder
	for _, s := range p.spans {
		switch s.kind {
		case textSpan:
			b.WriteString(s.text)
		case breakSpan:
			b.WriteByte(' ')
		}
	}
	return text.Clean(strings.Join(strings.Fields(b.String()), " "))
}

func (p *paragraph) hasImage() bool {
	for _, s := range p.spans {
		if s.kind == imageSpan {
			return true
		}
	}
	return false
}

func (w *walker) table(n *node) (*table, error) {
	t := &table{}
	for _, tr := range contentKids(n, "w:tr") {
		if tr.child("w:trPr").child("w:del") != nil {
			continue // a row deleted with changes tracked
		}
		var row []cell
		columns := 0
		for _, tc := range contentKids(tr, "w:tc") {
			tcPr := tc.child("w:tcPr")
			c := cell{span: 1}
			if g, err := strconv.Atoi(tcPr.child("w:gridSpan").attr("w:val")); err == nil && g > 1 {
				c.span = g
			}
			if columns += c.span; columns > maxColumns {
				break
			}
			// A cell merged with the one above shows as empty.
			if vm := tcPr.child("w:vMerge"); vm == nil || vm.attr("w:val") == "restart" {
				var err error
				if c.blocks, err = w.kidBlocks(tc, nil); err != nil {
					return nil, err
				}
			}
			row = append(row, c)
		}
		if len(row) > 0 {
			t.rows = append(t.rows, row)
		}
	}
	for _, row := range t.rows {
		for _, c := range row {
			if len(c.blocks) > 0 {
				return t, nil
			}
		}
	}
	return nil, nil // a table with nothing in it
}

// maxColumns is the most columns a Word table has. A row with more is not
// Word's, and its cells past that are left out: every row of the Markdown
// table gets as many cells as the longest.
const maxColumns = 63

// contentKids returns the children of n of that name, looking through the
// content controls and custom XML that may wrap rows and cells.
func contentKids(n *node, name string) []*node {
	var out []*node
	for _, k := range n.kids {
		switch k.name {
		case name:
			out = append(out, k)
		case "w:sdt":
			if c := k.child("w:sdtContent"); c != nil {
				out = append(out, contentKids(c, name)...)
			}
		case "w:customXml", "w:ins", "w:moveTo":
			out = append(out, contentKids(k, name)...)
		}
	}
	return out
}

// safeLink returns href if it is a link a reader may follow from the site
// (http, https or mailto), else "".
func safeLink(href string) string {
	href = strings.TrimSpace(href)
	u, err := url.Parse(href)
	if err != nil {
		return ""
	}
	switch strings.ToLower(u.Scheme) {
	case "http", "https":
		if u.Host == "" {
			return ""
		}
		return href
	case "mailto":
		if u.Opaque == "" {
			return ""
		}
		return href
	}
	return ""
}
