// Package docx reads a Word .docx file as an article draft: its title, its
// body as Markdown (footnotes and endnotes as numbered Markdown footnotes)
// and the pictures it embeds. Officers write in Word; this lets them start
// an article from the file instead of pasting it.
//
// The package walks the WordprocessingML itself (encoding/xml, no entity
// expansion, every zip entry read under Limits) and builds clean HTML, which
// github.com/JohannesKaufmann/html-to-markdown writes as CommonMark with GFM
// tables, so the Markdown escaping is that library's. The Go .docx readers
// in the module proxy were not good enough to build on:
// github.com/fumiama/go-docx is AGPL-licensed, drops tracked insertions and
// reads neither styles nor numbering; github.com/gomutex/godocx is mostly a
// writer, reads every part whole with no limit (allocating whatever size a
// zip entry declares) and does not read numbering. Neither writes Markdown.
package docx

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"encoding/xml"
	"errors"
	"fmt"
	"io"

	"portal/admin"
)

// Document is a Word file read as an article draft.
type Document struct {
	// Title is the text of the first paragraph styled Title or Heading 1,
	// if it is the first non-empty paragraph; "" otherwise (then that
	// paragraph stays in the body).
	Title string
	// Markdown is the body as CommonMark with GFM tables, without the
	// title paragraph, in NFC, ending with a single newline ("" when the
	// body is empty). The footnotes and endnotes the body refers to are
	// footnotes ("[^1]"), numbered in one sequence in order of first
	// reference, their definitions at the end.
	Markdown string
	// Images are the embedded pictures in order of first appearance, the
	// body's before the notes', each once.
	Images []Image
	// Left out is what the draft does not keep, for the import to say so.
	LeftOut LeftOut
}

// LeftOut counts what a Word file holds that its draft does not: text in
// text boxes, comments and equations.
type LeftOut struct {
	TextBoxes, Comments, Equations int
}

// leftOut counts, in the markup of the document's body, what the draft
// does not keep. A text box is written twice (for new and old Word), so
// the larger of the two counts is the number of boxes.
func leftOut(body []byte) LeftOut {
	n := func(s string) int { return bytes.Count(body, []byte(s)) }
	return LeftOut{
		TextBoxes: max(n("<wps:txbx"), n("<v:textbox")),
		Comments:  n("<w:commentReference"),
		Equations: n("<m:oMath>") + n("<m:oMath "),
	}
}

// Image is a picture embedded in the document.
type Image struct {
	// Name is the file name inside the package, e.g. "image1.png"; its
	// extension tells the format (Word may also embed .emf and .wmf
	// pictures, which browsers do not show).
	Name string
	Data []byte
	// Alt is the drawing's description (else its title), in NFC, "" when
	// it has none.
	Alt string
	// Ref is the destination the Markdown uses for this picture, e.g.
	// "docx-image-1"; the caller replaces it with the picture's URL in the
	// media library.
	Ref string
}

// Limits bounds what Convert reads, against zip bombs and huge files. A
// zero field takes its value from DefaultLimits.
type Limits struct {
	MaxFileBytes  int64 // size of the .docx file
	MaxPartBytes  int64 // decompressed size of any one part read (XML or picture)
	MaxTotalBytes int64 // decompressed bytes read from all parts together
	MaxImages     int   // distinct pictures
}

// DefaultLimits are generous for an article written in Word and small for a
// server: a Word file of some hundred pages with photographs stays under them.
var DefaultLimits = Limits{
	MaxFileBytes:  50 << 20,
	MaxPartBytes:  20 << 20,
	MaxTotalBytes: 200 << 20,
	MaxImages:     200,
}

// Keys of the refusals Convert returns, for the interface's catalogue.
const (
	KeyNotWord  = "docx_not_word"
	KeyTooLarge = "docx_too_large"
	KeyDamaged  = "docx_damaged"
)

// Convert reads the .docx file of the given size from r. A file that is not
// a Word document, is over the limits or cannot be parsed is refused with an
// *admin.Error of code admin.EINVALID and one of the Key constants.
func Convert(r io.ReaderAt, size int64, lim Limits) (*Document, error) {
	lim = lim.orDefault()
	if size > lim.MaxFileBytes {
		return nil, refuseTooLarge()
	}
	if size <= 0 {
		return nil, refuseNotWord()
	}
	doc, err := convert(r, size, lim)
	if err != nil {
		return nil, refusal(err)
	}
	return doc, nil
}

func convert(r io.ReaderAt, size int64, lim Limits) (*Document, error) {
	pkg, err := openPackage(r, size, lim)
	if err != nil {
		return nil, err
	}
	main, err := pkg.mainPart()
	if err != nil {
		return nil, err
	}
	body, ok, err := pkg.read(main)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, refuseNotWord()
	}
	rels, err := pkg.rels(main)
	if err != nil {
		return nil, err
	}
	st, err := pkg.styles(main, rels)
	if err != nil {
		return nil, err
	}
	num, err := pkg.numbering(main, rels, st)
	if err != nil {
		return nil, err
	}
	notes, err := pkg.noteFiles(rels)
	if err != nil {
		return nil, err
	}
	w := &walker{pkg: pkg, rels: rels, styles: st, numbering: num, seen: map[string]int{}, notes: notes}
	blocks, err := w.document(body)
	if err != nil {
		return nil, err
	}
	doc := &Document{LeftOut: leftOut(body)}
	doc.Title, blocks = title(blocks)
	// The notes are walked after the title is taken off: a reference in
	// the title has no place to show.
	footnotes, err := w.footnotes(blocks)
	if err != nil {
		return nil, err
	}
	if doc.Markdown, err = markdown(blocks, footnotes); err != nil {
		return nil, err
	}
	doc.Images = w.images
	return doc, nil
}

func (l Limits) orDefault() Limits {
	if l.MaxFileBytes <= 0 {
		l.MaxFileBytes = DefaultLimits.MaxFileBytes
	}
	if l.MaxPartBytes <= 0 {
		l.MaxPartBytes = DefaultLimits.MaxPartBytes
	}
	if l.MaxTotalBytes <= 0 {
		l.MaxTotalBytes = DefaultLimits.MaxTotalBytes
	}
	if l.MaxImages <= 0 {
		l.MaxImages = DefaultLimits.MaxImages
	}
	return l
}

// errTooLarge and errDamaged travel up from the readers and parsers and
// become refusals in Convert.
var (
	errTooLarge = errors.New("docx: over the limits")
	errDamaged  = errors.New("docx: damaged")
)

func refuseNotWord() *admin.Error {
	return admin.Refuse(admin.EINVALID, KeyNotWord,
		"the file is not a Word document (.docx); an old .doc file, or one protected by a password, must first be saved as .docx in Word")
}

func refuseTooLarge() *admin.Error {
	return admin.Refuse(admin.EINVALID, KeyTooLarge,
		"the Word document is too large to import")
}

func refuseDamaged() *admin.Error {
	return admin.Refuse(admin.EINVALID, KeyDamaged,
		"the Word document is damaged and cannot be read")
}

// refusal turns what went wrong while reading into the refusal a user is
// shown. An error that is none of these (a failing reader, say) stays an
// internal error.
func refusal(err error) error {
	var (
		refused *admin.Error
		syntax  *xml.SyntaxError
		corrupt flate.CorruptInputError
	)
	switch {
	case errors.As(err, &refused):
		return refused
	case errors.Is(err, errTooLarge):
		return refuseTooLarge()
	case errors.Is(err, errDamaged),
		errors.As(err, &syntax),
		errors.As(err, &corrupt),
		errors.Is(err, zip.ErrFormat),
		errors.Is(err, zip.ErrChecksum),
		errors.Is(err, zip.ErrAlgorithm),
		errors.Is(err, io.ErrUnexpectedEOF),
		errors.Is(err, io.EOF):
		return refuseDamaged()
	}
	return fmt.Errorf("docx: %w", err)
}

// isZip reports whether b starts like a zip file, to tell a damaged .docx
// from a file of another kind.
func isZip(b []byte) bool {
	return bytes.HasPrefix(b, []byte("PK\x03\x04")) || bytes.HasPrefix(b, []byte("PK\x05\x06"))
}
