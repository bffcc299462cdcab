// Package docxtest builds .docx files the way Word writes them, for tests:
// the same parts, relationships and namespaces, and the noise Word leaves
// in the XML (revision ids, fonts and language on every run, spelling
// marks, bookmarks, section properties).
//
// A document is a File whose Body is WordprocessingML, written with the
// helpers: P for a paragraph, R for a run of text, Style and List for a
// paragraph's properties, Picture, Table, Hyperlink and Field; its
// Footnotes and Endnotes are written with Footnote and Endnote, and
// referred to with FootnoteRef and EndnoteRef. The styles and numbering
// every File has unless it brings its own are those of Vietnamese Word:
//
//   - paragraph styles Title, Heading1, Heading2, Heading3, u4 (a localised
//     id of Heading 4), Tieudemuc5 (a heading by its outline level only),
//     Heading6, Mucnho (a custom style based on Heading2), ListParagraph
//     and ListBullet (which numbers its paragraphs with numId 3);
//   - paragraph styles FootnoteText and Chuthichcuoi (a localised id of
//     Endnote Text), character styles FootnoteReference and
//     Thamchieuchuthichcuoi (a localised id of Endnote Reference);
//   - character styles Strong, Emphasis and Hyperlink; table style
//     TableGrid;
//   - numId 1, a bulleted list (levels 0 to 2); numId 2, a numbered one
//     ("1.", then "a)"); numId 3, the List Bullet style's.
package docxtest

import (
	"archive/zip"
	"bytes"
	"fmt"
	"path"
	"slices"
	"strings"
)

// File is the content of a .docx. Empty fields take Word's defaults.
type File struct {
	Body      string            // the content of w:body, before its w:sectPr
	Styles    string            // word/styles.xml
	Numbering string            // word/numbering.xml
	Rels      string            // more Relationship elements of the document part (see ImageRel, LinkRel)
	Media     map[string][]byte // by file name in word/media
	// Footnotes are the notes of word/footnotes.xml after Word's two
	// separators (see Footnote); "" for a document without the part.
	Footnotes    string
	FootnoteRels string            // Relationship elements of the footnotes part (its notes' links and pictures)
	Endnotes     string            // the same for word/endnotes.xml (see Endnote)
	EndnoteRels  string            // Relationship elements of the endnotes part
	Extra        map[string]string // more parts by name
	Omit         []string          // parts to leave out
	Strict       bool              // ISO 29500 Strict namespaces, as Word's "Strict Open XML Document"
}

// Bytes returns the .docx file: a zip of its parts, compressed as Word
// compresses them.
func (f File) Bytes() ([]byte, error) {
	if f.Styles == "" {
		f.Styles = styles
	}
	if f.Numbering == "" {
		f.Numbering = numbering
	}
	type part struct{ name, data string }
	rels := f.Rels
	var notes []part
	for _, n := range []struct{ id, kind, notes, rels string }{{"rId8", "footnotes", f.Footnotes, f.FootnoteRels}, {"rId9", "endnotes", f.Endnotes, f.EndnoteRels}} {
		if n.notes == "" {
			continue
		}
		rels += `<Relationship Id="` + n.id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/` + n.kind + `" Target="` + n.kind + `.xml"/>`
		notes = append(notes, part{"word/" + n.kind + ".xml", f.strict(notesPart(n.kind, n.notes))},
			part{"word/_rels/" + n.kind + ".xml.rels", relationships(n.rels)})
	}
	parts := []part{
		{"[Content_Types].xml", f.contentTypes()},
		{"_rels/.rels", packageRels},
		{"word/document.xml", f.document()},
		{"word/_rels/document.xml.rels", documentRels(rels)},
	}
	parts = append(parts, notes...)
	for _, name := range sortedKeys(f.Media) {
		parts = append(parts, part{"word/media/" + name, string(f.Media[name])})
	}
	parts = append(parts,
		part{"word/numbering.xml", f.Numbering},
		part{"word/styles.xml", f.Styles},
		part{"word/settings.xml", settings},
		part{"word/fontTable.xml", fontTable},
		part{"docProps/core.xml", coreProps},
		part{"docProps/app.xml", appProps},
	)
	for _, name := range sortedKeys(f.Extra) {
		parts = append(parts, part{name, f.Extra[name]})
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, p := range parts {
		if slices.Contains(f.Omit, p.name) {
			continue
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: p.name, Method: zip.Deflate})
		if err != nil {
			return nil, fmt.Errorf("docxtest: %s: %w", p.name, err)
		}
		if _, err := w.Write([]byte(p.data)); err != nil {
			return nil, fmt.Errorf("docxtest: %s: %w", p.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return nil, fmt.Errorf("docxtest: %w", err)
	}
	return buf.Bytes(), nil
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (f File) document() string {
	return f.strict(documentStart + f.Body + sectPr + `</w:body></w:document>`)
}

// strict returns the XML of a part in Strict namespaces if the file is
// Strict.
func (f File) strict(doc string) string {
	if !f.Strict {
		return doc
	}
	return strings.NewReplacer(
		"http://schemas.openxmlformats.org/wordprocessingml/2006/main", "http://purl.oclc.org/ooxml/wordprocessingml/main",
		"http://schemas.openxmlformats.org/officeDocument/2006/relationships", "http://purl.oclc.org/ooxml/officeDocument/relationships",
		"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing", "http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing",
		"http://schemas.openxmlformats.org/drawingml/2006/main", "http://purl.oclc.org/ooxml/drawingml/main",
	).Replace(doc)
}

// contentTypes is [Content_Types].xml, with a default type for the
// extension of each picture, as Word declares them.
func (f File) contentTypes() string {
	var more strings.Builder
	seen := map[string]bool{"png": true, "rels": true, "xml": true}
	for _, name := range sortedKeys(f.Media) {
		ext := strings.ToLower(strings.TrimPrefix(path.Ext(name), "."))
		if ext == "" || seen[ext] {
			continue
		}
		seen[ext] = true
		typ, ok := mediaTypes[ext]
		if !ok {
			typ = "application/octet-stream"
		}
		more.WriteString(`<Default Extension="` + ext + `" ContentType="` + typ + `"/>`)
	}
	ct := strings.Replace(contentTypes, `<Default Extension="rels"`, more.String()+`<Default Extension="rels"`, 1)
	var parts strings.Builder
	if f.Footnotes != "" {
		parts.WriteString(`<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>`)
	}
	if f.Endnotes != "" {
		parts.WriteString(`<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>`)
	}
	return strings.Replace(ct, `</Types>`, parts.String()+`</Types>`, 1)
}

var mediaTypes = map[string]string{
	"jpeg": "image/jpeg", "jpg": "image/jpeg", "gif": "image/gif", "bmp": "image/bmp",
	"tif": "image/tiff", "tiff": "image/tiff", "svg": "image/svg+xml",
	"emf": "image/x-emf", "wmf": "image/x-wmf",
}

// P is a paragraph as Word writes it; pPr is the content of its w:pPr
// (see Style and List), content its runs and other inline elements.
func P(pPr string, content ...string) string {
	var b strings.Builder
	b.WriteString(`<w:p w14:paraId="3A5C1E0F" w14:textId="77777777" w:rsidR="00B81F2D" w:rsidRDefault="00C52A5B" w:rsidP="00B81F2D">`)
	b.WriteString(`<w:pPr>` + pPr + `<w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr></w:pPr>`)
	for _, c := range content {
		b.WriteString(c)
	}
	b.WriteString(`</w:p>`)
	return b.String()
}

// R is a run of text; props (such as Bold and Italic) go in its w:rPr
// among Word's usual ones.
func R(props, text string) string {
	return `<w:r w:rsidRPr="00C52A5B"><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>` +
		props + `<w:sz w:val="28"/><w:szCs w:val="28"/><w:lang w:val="vi-VN"/></w:rPr><w:t xml:space="preserve">` + xmlText(text) + `</w:t></w:r>`
}

// xmlText escapes s for XML text, as Word does: quotes stay as they are.
func xmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;").Replace(s)
}

// xmlAttr escapes s for an XML attribute value in double quotes.
func xmlAttr(s string) string {
	return strings.ReplaceAll(xmlText(s), `"`, "&quot;")
}

// Style is the w:pStyle of a paragraph styled id.
func Style(id string) string { return `<w:pStyle w:val="` + id + `"/>` }

// List is the paragraph properties of an item at level ilvl (0 the top)
// of the list numID.
func List(numID, ilvl int) string {
	return fmt.Sprintf(`<w:pStyle w:val="ListParagraph"/><w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr><w:spacing w:before="120" w:after="120"/><w:jc w:val="both"/>`, ilvl, numID)
}

// Run properties and the marks Word leaves around a misspelt word.
const (
	Bold       = `<w:b/><w:bCs/>`
	Italic     = `<w:i/><w:iCs/>`
	SpellStart = `<w:proofErr w:type="spellStart"/>`
	SpellEnd   = `<w:proofErr w:type="spellEnd"/>`
)

// Picture is an inline picture run as Word writes one: the picture of the
// relationship relID (see ImageRel) with the description descr (Word's
// "Alt Text").
func Picture(relID, descr string) string {
	descr = xmlAttr(descr)
	return `<w:r><w:rPr><w:noProof/></w:rPr><w:drawing><wp:inline distT="0" distB="0" distL="0" distR="0" wp14:anchorId="1C3F2A7B" wp14:editId="5D2E8C41">` +
		`<wp:extent cx="5731510" cy="3223895"/><wp:effectExtent l="0" t="0" r="2540" b="0"/>` +
		`<wp:docPr id="1" name="Picture 1" descr="` + descr + `"/>` +
		`<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" noChangeAspect="1"/></wp:cNvGraphicFramePr>` +
		`<a:graphic xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/picture">` +
		`<pic:pic xmlns:pic="http://schemas.openxmlformats.org/drawingml/2006/picture"><pic:nvPicPr><pic:cNvPr id="1" name="Picture 1" descr="` + descr + `"/><pic:cNvPicPr/></pic:nvPicPr>` +
		`<pic:blipFill><a:blip r:embed="` + relID + `"><a:extLst><a:ext uri="{28A0092B-C50C-407E-A947-70E740481C1C}"><a14:useLocalDpi xmlns:a14="http://schemas.microsoft.com/office/drawing/2010/main" val="0"/></a:ext></a:extLst></a:blip>` +
		`<a:stretch><a:fillRect/></a:stretch></pic:blipFill><pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="5731510" cy="3223895"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr></pic:pic>` +
		`</a:graphicData></a:graphic></wp:inline></w:drawing></w:r>`
}

// Table is a table as Word writes one; each row is a list of cell texts,
// a cell's paragraphs separated by "\n". The first row is bold, as in
// Word's tables with a header row.
func Table(rows ...[]string) string {
	var b strings.Builder
	b.WriteString(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="0" w:type="auto"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>`)
	for range rows[0] {
		b.WriteString(`<w:gridCol w:w="3005"/>`)
	}
	b.WriteString(`</w:tblGrid>`)
	for i, row := range rows {
		b.WriteString(`<w:tr w:rsidR="00B81F2D" w14:paraId="0F1E2D3C" w14:textId="77777777" w:rsidTr="00C52A5B">`)
		for _, cell := range row {
			b.WriteString(`<w:tc><w:tcPr><w:tcW w:w="3005" w:type="dxa"/></w:tcPr>`)
			for _, para := range strings.Split(cell, "\n") {
				props := ""
				if i == 0 {
					props = Bold
				}
				if para == "" {
					b.WriteString(P(`<w:jc w:val="center"/>`))
					continue
				}
				b.WriteString(P(`<w:jc w:val="center"/>`, R(props, para)))
			}
			b.WriteString(`</w:tc>`)
		}
		b.WriteString(`</w:tr>`)
	}
	b.WriteString(`</w:tbl>`)
	return b.String()
}

// Hyperlink is a link to the target of the relationship relID (see
// LinkRel) around runs, which Word gives the character style Hyperlink
// (R(`<w:rStyle w:val="Hyperlink"/>`, text)).
func Hyperlink(relID string, runs ...string) string {
	return `<w:hyperlink r:id="` + relID + `" w:history="1">` + strings.Join(runs, "") + `</w:hyperlink>`
}

// Field is a complex field as Word writes it: begin, code, separate,
// result, end, each in a run of its own.
func Field(code string, result ...string) string {
	s := `<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> ` + xmlText(code) + ` </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`
	for _, res := range result {
		s += res
	}
	return s + `<w:r><w:fldChar w:fldCharType="end"/></w:r>`
}

// FootnoteRef is the reference to the footnote id, in a run of its own
// styled Footnote Reference, as Word writes it where the note is inserted.
func FootnoteRef(id int) string {
	return noteRef("footnoteReference", "FootnoteReference", id)
}

// EndnoteRef is the reference to the endnote id, as FootnoteRef.
func EndnoteRef(id int) string {
	return noteRef("endnoteReference", "Thamchieuchuthichcuoi", id)
}

func noteRef(element, style string, id int) string {
	return fmt.Sprintf(`<w:r w:rsidRPr="00C52A5B"><w:rPr><w:rStyle w:val="%s"/><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/><w:lang w:val="vi-VN"/></w:rPr><w:%s w:id="%d"/></w:r>`, style, element, id)
}

// Footnote is the footnote id (1 and up: Word's separators are -1 and 0)
// as Word writes it in footnotes.xml: paragraphs styled Footnote Text, each
// given as its runs (see R), the first beginning with the note's mark and
// a space.
func Footnote(id int, paragraphs ...string) string {
	return note("footnote", "FootnoteText", "FootnoteReference", "footnoteRef", id, paragraphs)
}

// Endnote is the endnote id, as Footnote.
func Endnote(id int, paragraphs ...string) string {
	return note("endnote", "Chuthichcuoi", "Thamchieuchuthichcuoi", "endnoteRef", id, paragraphs)
}

func note(element, style, markStyle, mark string, id int, paragraphs []string) string {
	var b strings.Builder
	fmt.Fprintf(&b, `<w:%s w:id="%d">`, element, id)
	for i, p := range paragraphs {
		if i == 0 {
			p = `<w:r><w:rPr><w:rStyle w:val="` + markStyle + `"/></w:rPr><w:` + mark + `/></w:r><w:r><w:t xml:space="preserve"> </w:t></w:r>` + p
		}
		b.WriteString(P(Style(style), p))
	}
	b.WriteString(`</w:` + element + `>`)
	return b.String()
}

// notesPart is footnotes.xml or endnotes.xml (kind "footnotes" or
// "endnotes") with the notes given after Word's separators.
func notesPart(kind, notes string) string {
	one := strings.TrimSuffix(kind, "s")
	start := strings.Replace(strings.TrimSuffix(documentStart, "<w:body>"), "<w:document ", "<w:"+kind+" ", 1)
	sep := func(typ string, id int) string {
		return fmt.Sprintf(`<w:%s w:type="%s" w:id="%d"><w:p w:rsidR="00B81F2D" w:rsidRDefault="00B81F2D" w:rsidP="00B81F2D"><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:%s/></w:r></w:p></w:%s>`, one, typ, id, typ, one)
	}
	return start + sep("separator", -1) + sep("continuationSeparator", 0) + notes + `</w:` + kind + `>`
}

// ImageRel is the relationship id of a picture part of the document, its
// target e.g. "media/image1.png" for File.Media["image1.png"].
func ImageRel(id, target string) string {
	return `<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="` + xmlAttr(target) + `"/>`
}

// LinkRel is the relationship id of a link to url, outside the document.
func LinkRel(id, url string) string {
	return `<Relationship Id="` + id + `" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="` + xmlAttr(url) + `" TargetMode="External"/>`
}

func documentRels(more string) string {
	return relationships(`<Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/>` +
		`<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
		`<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering" Target="numbering.xml"/>` +
		`<Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/fontTable" Target="fontTable.xml"/>` +
		more)
}

func relationships(rels string) string {
	return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` + rels + `</Relationships>`
}

const contentTypes = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="png" ContentType="image/png"/><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/numbering.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.numbering+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/settings.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.settings+xml"/><Override PartName="/word/fontTable.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.fontTable+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/><Override PartName="/docProps/app.xml" ContentType="application/vnd.openxmlformats-officedocument.extended-properties+xml"/></Types>`

const packageRels = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties" Target="docProps/app.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>`

const documentStart = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:wpc="http://schemas.microsoft.com/office/word/2010/wordprocessingCanvas" xmlns:cx="http://schemas.microsoft.com/office/drawing/2014/chartex" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:aink="http://schemas.microsoft.com/office/drawing/2016/ink" xmlns:am3d="http://schemas.microsoft.com/office/drawing/2017/model3d" xmlns:o="urn:schemas-microsoft-com:office:office" xmlns:oel="http://schemas.microsoft.com/office/2019/extlst" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:wp14="http://schemas.microsoft.com/office/word/2010/wordprocessingDrawing" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:w10="urn:schemas-microsoft-com:office:word" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" xmlns:w16cex="http://schemas.microsoft.com/office/word/2018/wordml/cex" xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid" xmlns:w16="http://schemas.microsoft.com/office/word/2018/wordml" xmlns:w16sdtdh="http://schemas.microsoft.com/office/word/2020/wordml/sdtdatahash" xmlns:w16se="http://schemas.microsoft.com/office/word/2015/wordml/symex" xmlns:wpg="http://schemas.microsoft.com/office/word/2010/wordprocessingGroup" xmlns:wpi="http://schemas.microsoft.com/office/word/2010/wordprocessingInk" xmlns:wne="http://schemas.microsoft.com/office/word/2006/wordml" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="w14 w15 w16se w16cid w16 w16cex w16sdtdh wp14"><w:body>`

const sectPr = `<w:sectPr w:rsidR="00B81F2D" w:rsidRPr="00C52A5B" w:rsidSect="00F41D26"><w:pgSz w:w="11906" w:h="16838" w:code="9"/><w:pgMar w:top="1134" w:right="1134" w:bottom="1134" w:left="1701" w:header="709" w:footer="709" w:gutter="0"/><w:cols w:space="708"/><w:docGrid w:linePitch="381"/></w:sectPr>`

// styles is styles.xml as Vietnamese Word writes it: style ids such as
// "Heading1" with the English built-in names ("heading 1"), one localised
// id ("u4"), a custom heading based on Heading 2, one that is a heading by
// its outline level only, and a list style that numbers its paragraphs.
const styles = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:styles xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">` +
	`<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorHAnsi" w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"/><w:kern w:val="2"/><w:sz w:val="22"/><w:szCs w:val="22"/><w:lang w:val="vi-VN" w:eastAsia="en-US" w:bidi="ar-SA"/><w14:ligatures w14:val="standardContextual"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after="160" w:line="259" w:lineRule="auto"/></w:pPr></w:pPrDefault></w:docDefaults>` +
	`<w:latentStyles w:defLockedState="0" w:defUIPriority="99" w:defSemiHidden="0" w:defUnhideWhenUsed="0" w:defQFormat="0" w:count="376"><w:lsdException w:name="Normal" w:uiPriority="0" w:qFormat="1"/><w:lsdException w:name="heading 1" w:uiPriority="9" w:qFormat="1"/><w:lsdException w:name="heading 2" w:semiHidden="1" w:uiPriority="9" w:unhideWhenUsed="1" w:qFormat="1"/></w:latentStyles>` +
	`<w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/><w:qFormat/><w:rsid w:val="00B81F2D"/><w:rPr><w:rFonts w:ascii="Times New Roman" w:hAnsi="Times New Roman"/><w:sz w:val="28"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading1"><w:name w:val="heading 1"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="Heading1Char"/><w:uiPriority w:val="9"/><w:qFormat/><w:rsid w:val="00C52A5B"/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="240" w:after="0"/><w:outlineLvl w:val="0"/></w:pPr><w:rPr><w:rFonts w:asciiTheme="majorHAnsi" w:eastAsiaTheme="majorEastAsia" w:hAnsiTheme="majorHAnsi" w:cstheme="majorBidi"/><w:b/><w:color w:val="2F5496" w:themeColor="accent1" w:themeShade="BF"/><w:sz w:val="32"/><w:szCs w:val="32"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading2"><w:name w:val="heading 2"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before="40" w:after="0"/><w:outlineLvl w:val="1"/></w:pPr><w:rPr><w:b/><w:sz w:val="26"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading3"><w:name w:val="heading 3"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:outlineLvl w:val="2"/></w:pPr><w:rPr><w:i/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="u4"><w:name w:val="heading 4"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:uiPriority w:val="9"/><w:unhideWhenUsed/><w:qFormat/><w:pPr><w:keepNext/><w:outlineLvl w:val="3"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="Mucnho"><w:name w:val="Mục nhỏ"/><w:basedOn w:val="Heading2"/><w:qFormat/><w:rPr><w:color w:val="C00000"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:customStyle="1" w:styleId="Tieudemuc5"><w:name w:val="Tiêu đề mục 5"/><w:basedOn w:val="Normal"/><w:qFormat/><w:pPr><w:outlineLvl w:val="4"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Heading6"><w:name w:val="heading 6"/><w:basedOn w:val="Normal"/><w:pPr><w:outlineLvl w:val="5"/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Title"><w:name w:val="Title"/><w:basedOn w:val="Normal"/><w:next w:val="Normal"/><w:link w:val="TitleChar"/><w:uiPriority w:val="10"/><w:qFormat/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/><w:contextualSpacing/></w:pPr><w:rPr><w:spacing w:val="-10"/><w:kern w:val="28"/><w:sz w:val="56"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListParagraph"><w:name w:val="List Paragraph"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="34"/><w:qFormat/><w:pPr><w:ind w:left="720"/><w:contextualSpacing/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="ListBullet"><w:name w:val="List Bullet"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:pPr><w:numPr><w:numId w:val="3"/></w:numPr><w:contextualSpacing/></w:pPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="FootnoteText"><w:name w:val="footnote text"/><w:basedOn w:val="Normal"/><w:link w:val="FootnoteTextChar"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>` +
	`<w:style w:type="paragraph" w:styleId="Chuthichcuoi"><w:name w:val="endnote text"/><w:basedOn w:val="Normal"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:rPr><w:sz w:val="20"/><w:szCs w:val="20"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont"><w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/><w:unhideWhenUsed/></w:style>` +
	`<w:style w:type="character" w:styleId="Strong"><w:name w:val="Strong"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="22"/><w:qFormat/><w:rPr><w:b/><w:bCs/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Emphasis"><w:name w:val="Emphasis"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="20"/><w:qFormat/><w:rPr><w:i/><w:iCs/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Hyperlink"><w:name w:val="Hyperlink"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:unhideWhenUsed/><w:rPr><w:color w:val="0563C1" w:themeColor="hyperlink"/><w:u w:val="single"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="FootnoteReference"><w:name w:val="footnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
	`<w:style w:type="character" w:styleId="Thamchieuchuthichcuoi"><w:name w:val="endnote reference"/><w:basedOn w:val="DefaultParagraphFont"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:rPr><w:vertAlign w:val="superscript"/></w:rPr></w:style>` +
	`<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/><w:uiPriority w:val="99"/><w:semiHidden/><w:unhideWhenUsed/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/><w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="108" w:type="dxa"/><w:bottom w:w="0" w:type="dxa"/><w:right w:w="108" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>` +
	`<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/><w:uiPriority w:val="39"/><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:tblPr><w:tblBorders><w:top w:val="single" w:sz="4" w:space="0" w:color="auto"/></w:tblBorders></w:tblPr></w:style>` +
	`</w:styles>`

// numbering is numbering.xml: numId 1 is a bulleted list (levels 0 to
// 2), numId 2 a numbered one (1., then a)), numId 3 the List Bullet style's.
const numbering = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:numbering xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml" mc:Ignorable="w14 w15">` +
	`<w:abstractNum w:abstractNumId="0" w15:restartNumberingAfterBreak="0"><w:nsid w:val="0C8E4F1B"/><w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="5A7E3C2A"/>` +
	`<w:lvl w:ilvl="0" w:tplc="04090001"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Symbol" w:hAnsi="Symbol" w:hint="default"/></w:rPr></w:lvl>` +
	`<w:lvl w:ilvl="1" w:tplc="04090003" w:tentative="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="o"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Courier New" w:hAnsi="Courier New" w:cs="Courier New" w:hint="default"/></w:rPr></w:lvl>` +
	`<w:lvl w:ilvl="2" w:tplc="04090005" w:tentative="1"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val=""/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="2160" w:hanging="360"/></w:pPr><w:rPr><w:rFonts w:ascii="Wingdings" w:hAnsi="Wingdings" w:hint="default"/></w:rPr></w:lvl>` +
	`</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="1" w15:restartNumberingAfterBreak="0"><w:nsid w:val="3F2B6A10"/><w:multiLevelType w:val="hybridMultilevel"/><w:tmpl w:val="0409000F"/>` +
	`<w:lvl w:ilvl="0" w:tplc="0409000F"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="720" w:hanging="360"/></w:pPr></w:lvl>` +
	`<w:lvl w:ilvl="1" w:tplc="04090019"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%2)"/><w:lvlJc w:val="left"/><w:pPr><w:ind w:left="1440" w:hanging="360"/></w:pPr></w:lvl>` +
	`</w:abstractNum>` +
	`<w:abstractNum w:abstractNumId="2"><w:nsid w:val="FFFFFF89"/><w:multiLevelType w:val="singleLevel"/><w:tmpl w:val="2C4ED8CE"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:pStyle w:val="ListBullet"/><w:lvlText w:val="-"/><w:lvlJc w:val="left"/></w:lvl></w:abstractNum>` +
	`<w:num w:numId="1" w16cid:durableId="1402546107" xmlns:w16cid="http://schemas.microsoft.com/office/word/2016/wordml/cid"><w:abstractNumId w:val="0"/></w:num>` +
	`<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>` +
	`<w:num w:numId="3"><w:abstractNumId w:val="2"/></w:num>` +
	`</w:numbering>`

const settings = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:settings xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:zoom w:percent="100"/><w:trackRevisions/><w:defaultTabStop w:val="720"/><w:characterSpacingControl w:val="doNotCompress"/><w:compat><w:compatSetting w:name="compatibilityMode" w:uri="http://schemas.microsoft.com/office/word" w:val="15"/></w:compat><w:rsids><w:rsidRoot w:val="00B81F2D"/><w:rsid w:val="00B81F2D"/><w:rsid w:val="00C52A5B"/></w:rsids><w:themeFontLang w:val="vi-VN"/></w:settings>`

const fontTable = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:fonts xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:font w:name="Times New Roman"><w:panose1 w:val="02020603050405020304"/><w:charset w:val="00"/><w:family w:val="roman"/><w:pitch w:val="variable"/></w:font></w:fonts>`

const coreProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:dcterms="http://purl.org/dc/terms/" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance"><dc:title></dc:title><dc:creator>Sở Kế hoạch và Đầu tư</dc:creator><cp:revision>3</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">2024-03-04T02:11:00Z</dcterms:created></cp:coreProperties>`

const appProps = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Template>Normal.dotm</Template><TotalTime>12</TotalTime><Pages>2</Pages><Application>Microsoft Office Word</Application><AppVersion>16.0000</AppVersion></Properties>`

// Report is a report as an officer writes it in Word: a title (split into
// runs by the spelling marks), a formatted paragraph, a heading, a bulleted
// list with a nested item, a numbered list, a table, a link, the
// photograph photo (a JPEG file) and a drawing Word keeps as EMF, which no
// browser shows.
func Report(photo []byte) File {
	link := `<w:rStyle w:val="Hyperlink"/>`
	// An EMF file starts with its header record (type 1) and has " EMF" at
	// byte 40; no picture decoder reads it.
	emf := make([]byte, 108)
	emf[0] = 1
	emf[4] = 108
	copy(emf[40:], " EMF")
	return File{
		Body: P(Style("Title"), R("", "Tiềm năng đầu tư "), SpellStart, R("", "tỉnh"), SpellEnd, R("", " Bình Phước")) +
			P(``, R("", "Tỉnh có "), R(Bold, "quỹ đất sạch"), R("", " và "), R(Italic, "nguồn lao động dồi dào"), R("", ".")) +
			P(Style("Heading1"), R("", "Hạ tầng khu công nghiệp")) +
			P(List(1, 0), R("", "Khu công nghiệp Minh Hưng – Hàn Quốc")) +
			P(List(1, 1), R("", "Diện tích: 193 ha")) +
			P(List(1, 0), R("", "Khu công nghiệp Đồng Xoài I")) +
			P(``, R("", "Thủ tục đầu tư:")) +
			P(List(2, 0), R("", "Nộp hồ sơ")) +
			P(List(2, 0), R("", "Nhận giấy chứng nhận")) +
			Table([]string{"Năm", "Vốn FDI (triệu USD)"}, []string{"2023", "830"}, []string{"2024", "1.050"}) +
			P(``, R("", "Xem "), Hyperlink("rId10", R(link, "Cổng thông tin điện tử tỉnh")), R("", ".")) +
			P(`<w:jc w:val="center"/>`, Picture("rId11", "Toàn cảnh Khu công nghiệp Minh Hưng")) +
			P(`<w:jc w:val="center"/>`, Picture("rId12", "Sơ đồ vị trí các khu công nghiệp")),
		Rels: LinkRel("rId10", "https://binhphuoc.gov.vn/vi/dau-tu") +
			ImageRel("rId11", "media/image1.jpeg") + ImageRel("rId12", "media/image2.emf"),
		Media: map[string][]byte{"image1.jpeg": photo, "image2.emf": emf},
	}
}
