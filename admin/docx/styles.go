package docx

import (
	"encoding/xml"
	"fmt"
	"strconv"
	"strings"
)

// onOff is a WordprocessingML toggle such as <w:b/> or <w:b w:val="0"/>.
type onOff struct {
	Val *string `xml:"val,attr"`
}

// on reports whether a toggle that is present is on.
func (o *onOff) on() bool {
	if o == nil {
		return false
	}
	return o.Val == nil || !isOff(*o.Val)
}

// isOff reads the value of a toggle: "0", "false" and "off" turn it off
// ("" is the attribute left out, which leaves it on).
func isOff(v string) bool {
	switch strings.ToLower(v) {
	case "0", "false", "off":
		return true
	}
	return false
}

type val struct {
	Val string `xml:"val,attr"`
}

type numPr struct {
	Ilvl  *val `xml:"ilvl"`
	NumID *val `xml:"numId"`
}

// style is a paragraph, character or numbering style of styles.xml.
type style struct {
	Type    string `xml:"type,attr"`
	ID      string `xml:"styleId,attr"`
	Name    val    `xml:"name"`
	BasedOn *val   `xml:"basedOn"`
	PPr     struct {
		OutlineLvl *val   `xml:"outlineLvl"`
		NumPr      *numPr `xml:"numPr"`
	} `xml:"pPr"`
	RPr struct {
		B *onOff `xml:"b"`
		I *onOff `xml:"i"`
	} `xml:"rPr"`
}

// styles resolves the styles a document's paragraphs and runs name.
type styles struct {
	byID map[string]*style
}

// maxChain bounds how far basedOn and style links are followed, so that a
// loop in a damaged file ends.
const maxChain = 16

func (p *pkg) styles(main string, rels map[string]rel) (*styles, error) {
	st := &styles{byID: map[string]*style{}}
	name := relOfType(rels, "styles")
	if name == "" {
		name = resolve(dirOf(main), "styles.xml")
	}
	b, ok, err := p.read(name)
	if err != nil || !ok {
		return st, err
	}
	var x struct {
		Styles []*style `xml:"style"`
	}
	if err := xml.Unmarshal(b, &x); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errDamaged, name, err)
	}
	for _, s := range x.Styles {
		if _, dup := st.byID[s.ID]; !dup {
			st.byID[s.ID] = s
		}
	}
	return st, nil
}

// heading returns the heading level (1 to 6, 0 for none) of a paragraph
// style, and whether it is the Title style. Word stores the built-in names
// in English ("heading 1", "Title") whatever the language of the interface,
// while the style ids are localised; a custom style is a heading through the
// outline level it has or inherits.
func (s *styles) heading(id string) (level int, title bool) {
	for range maxChain {
		st := s.byID[id]
		if st == nil {
			// Not in styles.xml: Word's own ids, as a last resort.
			return headingByName(id)
		}
		if level, title := headingByName(st.Name.Val); level > 0 || title {
			return level, title
		}
		if st.PPr.OutlineLvl != nil {
			return outlineLevel(st.PPr.OutlineLvl.Val), false
		}
		if st.BasedOn == nil {
			return 0, false
		}
		id = st.BasedOn.Val
	}
	return 0, false
}

// headingByName reads "heading 2" (a style name) or "Heading2" (a style id).
func headingByName(name string) (level int, title bool) {
	name = strings.ToLower(strings.ReplaceAll(name, " ", ""))
	if name == "title" {
		return 0, true
	}
	n, ok := strings.CutPrefix(name, "heading")
	if !ok {
		return 0, false
	}
	if l, err := strconv.Atoi(n); err == nil && l >= 1 && l <= 9 {
		return min(l, 6), false
	}
	return 0, false
}

// outlineLevel turns a w:outlineLvl value (0 to 8, 9 for body text) into a
// heading level.
func outlineLevel(v string) int {
	l, err := strconv.Atoi(v)
	if err != nil || l < 0 || l > 8 {
		return 0
	}
	return min(l+1, 6)
}

// numbering returns the numbering a paragraph style gives its paragraphs,
// if any.
func (s *styles) numbering(id string) (numID string, ilvl string) {
	for range maxChain {
		st := s.byID[id]
		if st == nil {
			return "", ""
		}
		if np := st.PPr.NumPr; np != nil {
			if np.NumID != nil {
				numID = np.NumID.Val
			}
			if np.Ilvl != nil && ilvl == "" {
				ilvl = np.Ilvl.Val
			}
			if numID != "" {
				return numID, ilvl
			}
		}
		if st.BasedOn == nil {
			return "", ilvl
		}
		id = st.BasedOn.Val
	}
	return "", ""
}

// runFormat returns the bold and italic a character style gives, nil where
// it says nothing.
func (s *styles) runFormat(id string) (bold, italic *bool) {
	for range maxChain {
		st := s.byID[id]
		if st == nil {
			return bold, italic
		}
		if bold == nil && st.RPr.B != nil {
			b := st.RPr.B.on()
			bold = &b
		}
		if italic == nil && st.RPr.I != nil {
			i := st.RPr.I.on()
			italic = &i
		}
		if st.BasedOn == nil {
			return bold, italic
		}
		id = st.BasedOn.Val
	}
	return bold, italic
}

// listKind is how a numbered paragraph shows.
type listKind int

const (
	notList listKind = iota
	bullets
	numbers
)

// numbering maps a paragraph's numId and level to the kind of list it is
// in, read from numbering.xml.
type numbering struct {
	kinds map[string]map[int]listKind // by numId, then level
}

type numLvl struct {
	Ilvl   string `xml:"ilvl,attr"`
	NumFmt *val   `xml:"numFmt"`
}

func (p *pkg) numbering(main string, rels map[string]rel, st *styles) (*numbering, error) {
	nb := &numbering{kinds: map[string]map[int]listKind{}}
	name := relOfType(rels, "numbering")
	if name == "" {
		name = resolve(dirOf(main), "numbering.xml")
	}
	b, ok, err := p.read(name)
	if err != nil || !ok {
		return nb, err
	}
	var x struct {
		Abstract []struct {
			ID           string   `xml:"abstractNumId,attr"`
			NumStyleLink *val     `xml:"numStyleLink"`
			Lvls         []numLvl `xml:"lvl"`
		} `xml:"abstractNum"`
		Nums []struct {
			ID        string `xml:"numId,attr"`
			Abstract  val    `xml:"abstractNumId"`
			Overrides []struct {
				Ilvl string  `xml:"ilvl,attr"`
				Lvl  *numLvl `xml:"lvl"`
			} `xml:"lvlOverride"`
		} `xml:"num"`
	}
	if err := xml.Unmarshal(b, &x); err != nil {
		return nil, fmt.Errorf("%w: %s: %w", errDamaged, name, err)
	}
	abstract := map[string]int{}
	for i, a := range x.Abstract {
		if _, dup := abstract[a.ID]; !dup {
			abstract[a.ID] = i
		}
	}
	numToAbstract := map[string]string{}
	for _, n := range x.Nums {
		if _, dup := numToAbstract[n.ID]; !dup {
			numToAbstract[n.ID] = n.Abstract.Val
		}
	}
	for _, n := range x.Nums {
		if _, done := nb.kinds[n.ID]; done {
			continue
		}
		kinds := map[int]listKind{}
		// A list style's abstract numbering only links to the one that
		// holds the levels, through a numbering style.
		id := n.Abstract.Val
		for range maxChain {
			i, ok := abstract[id]
			if !ok {
				break
			}
			a := x.Abstract[i]
			if len(a.Lvls) > 0 || a.NumStyleLink == nil {
				for _, l := range a.Lvls {
					if lvl, err := strconv.Atoi(l.Ilvl); err == nil {
						kinds[lvl] = kindOf(l.NumFmt)
					}
				}
				break
			}
			linked, _ := st.numbering(a.NumStyleLink.Val)
			id = numToAbstract[linked]
		}
		for _, o := range n.Overrides {
			if lvl, err := strconv.Atoi(o.Ilvl); err == nil && o.Lvl != nil {
				kinds[lvl] = kindOf(o.Lvl.NumFmt)
			}
		}
		nb.kinds[n.ID] = kinds
	}
	return nb, nil
}

// kindOf reads a level's number format. A level without one is decimal;
// "none" shows no number, so such paragraphs are not a list.
func kindOf(f *val) listKind {
	switch {
	case f == nil:
		return numbers
	case f.Val == "bullet":
		return bullets
	case f.Val == "none":
		return notList
	}
	return numbers
}

// kind returns how a paragraph with this numId and level shows. Word shows
// no number for a numId it does not know (or for numId 0).
func (n *numbering) kind(numID string, ilvl int) listKind {
	return n.kinds[numID][ilvl]
}

func dirOf(part string) string {
	if i := strings.LastIndexByte(part, '/'); i >= 0 {
		return part[:i+1]
	}
	return ""
}
