package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"
)

// noteKind tells a footnote from an endnote: each kind has its own part
// and its own ids.
type noteKind int

const (
	footnote noteKind = iota
	endnote
)

// noteKey names a note: its kind and its w:id.
type noteKey struct {
	kind noteKind
	id   string
}

// noteFile is the footnotes or the endnotes part of a document.
type noteFile struct {
	notes map[string]*node // the w:footnote or w:endnote elements by id, separators left out
	rels  map[string]rel   // the part's relationships: its notes' links and pictures
}

// noteFiles reads the footnotes and endnotes parts the document's
// relationships name. A document without such a part has no notes of
// that kind.
func (p *pkg) noteFiles(rels map[string]rel) ([2]*noteFile, error) {
	var files [2]*noteFile
	for kind, relType := range [2]string{footnote: "footnotes", endnote: "endnotes"} {
		f, err := p.noteFile(relOfType(rels, relType))
		if err != nil {
			return files, err
		}
		files[kind] = f
	}
	return files, nil
}

func (p *pkg) noteFile(name string) (*noteFile, error) {
	f := &noteFile{notes: map[string]*node{}, rels: map[string]rel{}}
	if name == "" {
		return f, nil
	}
	b, ok, err := p.read(name)
	if err != nil || !ok {
		return f, err
	}
	if f.rels, err = p.rels(name); err != nil {
		return nil, err
	}
	d := xml.NewDecoder(bytes.NewReader(b))
	depth := 0
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) && depth == 0 {
			return f, nil
		}
		if err != nil {
			return nil, fmt.Errorf("%w: %s: %w", errDamaged, name, err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				depth++
				continue
			}
			// A note is read whole; whatever else is in the part is
			// read and dropped.
			n, err := readElement(d, t)
			if err != nil {
				return nil, fmt.Errorf("%w: %s: %w", errDamaged, name, err)
			}
			id := n.attr("w:id")
			if _, dup := f.notes[id]; !dup && (n.name == "w:footnote" || n.name == "w:endnote") && !separator(n.attr("w:type")) {
				f.notes[id] = n
			}
		case xml.EndElement:
			depth--
		}
	}
}

// separator reports whether a note of this w:type is one of the lines
// and notices Word keeps among the notes to lay out the page.
func separator(noteType string) bool {
	switch noteType {
	case "separator", "continuationSeparator", "continuationNotice":
		return true
	}
	return false
}

// noteReference adds the reference to a note (a w:footnoteReference or
// w:endnoteReference), if the note is in its part. The reference takes the
// bold and italic of its run but never a link: a footnote is a link of its
// own.
func (w *walker) noteReference(p *paragraph, ref *node, bold, italic bool) {
	if w.inNote || w.inFieldCode() {
		return // a note does not refer to notes
	}
	key := noteKey{kind: footnote, id: ref.attr("w:id")}
	if ref.name == "w:endnoteReference" {
		key.kind = endnote
	}
	if w.notes[key.kind].notes[key.id] == nil {
		return // a note missing from its part is left out
	}
	p.add(span{kind: noteSpan, note: key, bold: bold, italic: italic})
}

// footnotes walks the notes the blocks refer to and numbers them from 1,
// footnotes and endnotes in one sequence, in order of first reference. It
// returns the notes' content by number (the first at index 0) and gives
// each reference its number; a note that shows nothing is left out, with
// its references.
func (w *walker) footnotes(blocks []block) ([][]block, error) {
	paras := cellParagraphs(blocks, nil)
	numbers := map[noteKey]int{}
	var notes [][]block
	for _, p := range paras {
		for _, s := range p.spans {
			if s.kind != noteSpan {
				continue
			}
			if _, done := numbers[s.note]; done {
				continue
			}
			content, err := w.noteContent(s.note)
			if err != nil {
				return nil, err
			}
			if len(content) == 0 {
				numbers[s.note] = 0
				continue
			}
			notes = append(notes, content)
			numbers[s.note] = len(notes)
		}
	}
	for _, p := range paras {
		for i := range p.spans {
			if s := &p.spans[i]; s.kind == noteSpan {
				s.number = numbers[s.note]
			}
		}
	}
	return notes, nil
}

// noteContent walks a note's paragraphs and tables, with the relationships
// of the part it is in.
func (w *walker) noteContent(key noteKey) ([]block, error) {
	f := w.notes[key.kind]
	rels := w.rels
	w.rels, w.inNote, w.fields = f.rels, true, nil
	defer func() { w.rels, w.inNote, w.fields = rels, false, nil }()
	return w.kidBlocks(f.notes[key.id], nil)
}

// noteMark reports whether a character style is Word's Footnote Reference
// or Endnote Reference, which styles the mark that begins a note (by its
// built-in name, which Word keeps in English, or by its id).
func (s *styles) noteMark(id string) bool {
	if id == "" {
		return false
	}
	name := id
	if st := s.byID[id]; st != nil {
		name = st.Name.Val
	}
	switch strings.ToLower(strings.ReplaceAll(name, " ", "")) {
	case "footnotereference", "endnotereference":
		return true
	}
	return false
}
