package docx

import (
	"encoding/xml"
)

// node is an element of document.xml, named with the usual prefix of its
// namespace ("w:p", "a:blip") whatever prefix the file uses, and the same
// in transitional and strict OOXML.
type node struct {
	name  string
	attrs []attr
	kids  []*node
	text  []byte // the character data of w:t and w:instrText
}

type attr struct {
	name, value string
}

func (n *node) attr(name string) string {
	if n == nil {
		return ""
	}
	for _, a := range n.attrs {
		if a.name == name {
			return a.value
		}
	}
	return ""
}

func (n *node) child(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// find returns the first element of that name below n, depth first.
func (n *node) find(name string) *node {
	if n == nil {
		return nil
	}
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
		if f := k.find(name); f != nil {
			return f
		}
	}
	return nil
}

// maxDepth bounds the nesting of elements. Word nests a few dozen deep
// even with tables in tables; a file nested deeper is not Word's.
const maxDepth = 256

// skipped are elements whose content never reaches the article: tracked
// deletions, the fallbacks of markup-compatibility blocks, text boxes,
// section properties and revision records. Skipping them while reading
// also saves building them.
func skipped(name string) bool {
	switch name {
	case "w:del", "w:moveFrom", "w:delText", "mc:Fallback", "w:txbxContent",
		"w:sectPr", "w:rPrChange", "w:pPrChange", "w:tblPrChange", "w:trPrChange",
		"w:tcPrChange", "w:sectPrChange", "w:numberingChange":
		return true
	}
	return false
}

// readElement reads the element whose start tag d has just returned, with
// everything in it.
func readElement(d *xml.Decoder, start xml.StartElement) (*node, error) {
	root := newNode(start)
	stack := []*node{root}
	for len(stack) > 0 {
		tok, err := d.Token()
		if err != nil {
			return nil, err
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			n := newNode(t)
			if skipped(n.name) {
				// Its content is not read, but that it is there counts
				// (a w:del in w:trPr marks a deleted row).
				if err := d.Skip(); err != nil {
					return nil, err
				}
				top.kids = append(top.kids, &node{name: n.name})
				continue
			}
			if len(stack) >= maxDepth {
				return nil, errDamaged
			}
			top.kids = append(top.kids, n)
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if top.name == "w:t" || top.name == "w:instrText" {
				top.text = append(top.text, t...)
			}
		}
	}
	return root, nil
}

func newNode(t xml.StartElement) *node {
	n := &node{name: qualified(t.Name)}
	if len(t.Attr) > 0 {
		n.attrs = make([]attr, 0, len(t.Attr))
		for _, a := range t.Attr {
			n.attrs = append(n.attrs, attr{qualified(a.Name), a.Value})
		}
	}
	return n
}

func qualified(n xml.Name) string {
	if p := prefix(n.Space); p != "" {
		return p + ":" + n.Local
	}
	return n.Local
}

// prefix returns the short name of the namespaces the walker reads, "?"
// for any other, "" for none.
func prefix(space string) string {
	switch space {
	case "":
		return ""
	case "http://schemas.openxmlformats.org/wordprocessingml/2006/main",
		"http://purl.oclc.org/ooxml/wordprocessingml/main":
		return "w"
	case "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
		"http://purl.oclc.org/ooxml/officeDocument/relationships":
		return "r"
	case "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
		"http://purl.oclc.org/ooxml/drawingml/wordprocessingDrawing":
		return "wp"
	case "http://schemas.openxmlformats.org/drawingml/2006/main",
		"http://purl.oclc.org/ooxml/drawingml/main":
		return "a"
	case "http://schemas.openxmlformats.org/markup-compatibility/2006":
		return "mc"
	case "urn:schemas-microsoft-com:vml":
		return "v"
	case "urn:schemas-microsoft-com:office:office":
		return "o"
	}
	return "?"
}
