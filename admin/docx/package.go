package docx

import (
	"archive/zip"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// pkg is an opened .docx: a zip of XML parts and media (Open Packaging
// Conventions). Every read counts against the limits.
type pkg struct {
	files map[string]*zip.File // by lower-case part name: part names ignore case
	lim   Limits
	used  int64 // decompressed bytes read so far
}

func openPackage(r io.ReaderAt, size int64, lim Limits) (*pkg, error) {
	// A section reader reports a read outside the file (where a damaged
	// zip's offsets may point) as the end of the file.
	zr, err := zip.NewReader(io.NewSectionReader(r, 0, size), size)
	if errors.Is(err, zip.ErrInsecurePath) {
		// Parts are looked up by name and never written to disk, so a
		// name like "../x" is harmless here.
		err = nil
	}
	if err != nil {
		head := make([]byte, 4)
		if _, rerr := r.ReadAt(head, 0); rerr == nil && isZip(head) {
			return nil, errDamaged
		}
		return nil, refuseNotWord()
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), lim: lim}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(f.Name, "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	return p, nil
}

// read returns the bytes of a part, and false when the package has no such
// part.
func (p *pkg) read(name string) ([]byte, bool, error) {
	f := p.files[strings.ToLower(name)]
	if f == nil {
		return nil, false, nil
	}
	limit := min(p.lim.MaxPartBytes, p.lim.MaxTotalBytes-p.used)
	if f.UncompressedSize64 > uint64(max(limit, 0)) {
		return nil, true, errTooLarge
	}
	rc, err := f.Open()
	if err != nil {
		return nil, true, err
	}
	defer func() { _ = rc.Close() }() // only read
	// The declared size may lie: count what is really inflated.
	b, err := io.ReadAll(io.LimitReader(rc, limit+1))
	p.used += int64(len(b))
	if err != nil {
		return nil, true, err
	}
	if int64(len(b)) > limit {
		return nil, true, errTooLarge
	}
	return b, true, nil
}

// rel is a relationship of a part: a hyperlink, a picture, the styles.
type rel struct {
	Type     string
	Target   string // a part name, or a URL when External
	External bool
}

// rels returns the relationships of a part by id, with internal targets
// resolved to part names. A part without relationships has none.
func (p *pkg) rels(part string) (map[string]rel, error) {
	dir, file := path.Split(part)
	b, ok, err := p.read(dir + "_rels/" + file + ".rels")
	if err != nil || !ok {
		return map[string]rel{}, err
	}
	var x struct {
		Rels []struct {
			ID         string `xml:"Id,attr"`
			Type       string `xml:"Type,attr"`
			Target     string `xml:"Target,attr"`
			TargetMode string `xml:"TargetMode,attr"`
		} `xml:"Relationship"`
	}
	if err := xml.Unmarshal(b, &x); err != nil {
		return nil, fmt.Errorf("%w: relationships of %q: %w", errDamaged, part, err)
	}
	out := make(map[string]rel, len(x.Rels))
	for _, r := range x.Rels {
		t := rel{Type: r.Type, Target: r.Target, External: strings.EqualFold(r.TargetMode, "External")}
		if !t.External {
			t.Target = resolve(dir, r.Target)
		}
		if _, dup := out[r.ID]; !dup {
			out[r.ID] = t
		}
	}
	return out, nil
}

// resolve returns the part name a relative (or package-absolute) target of
// a part in dir points to.
func resolve(dir, target string) string {
	if strings.HasPrefix(target, "/") {
		return strings.TrimPrefix(path.Clean(target), "/")
	}
	return strings.TrimPrefix(path.Clean("/"+dir+target), "/")
}

// relOfType returns the target of the first relationship whose type ends
// with /kind, the same in transitional and strict OOXML.
func relOfType(rels map[string]rel, kind string) string {
	best := ""
	for id, r := range rels {
		// Map order is random: take the smallest id so that the choice
		// is the same on every run.
		if !r.External && strings.HasSuffix(r.Type, "/"+kind) && (best == "" || id < best) {
			best = id
		}
	}
	if best == "" {
		return ""
	}
	return rels[best].Target
}

// mainPart returns the name of the document part: the package's
// officeDocument relationship, else where Word puts it.
func (p *pkg) mainPart() (string, error) {
	rels, err := p.rels("")
	if err != nil {
		return "", err
	}
	if t := relOfType(rels, "officeDocument"); t != "" {
		return t, nil
	}
	return "word/document.xml", nil
}
