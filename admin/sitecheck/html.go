package sitecheck

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"golang.org/x/net/html"
)

// use is how a page or style sheet uses an address.
type use int

const (
	useLink       use = iota // a link the reader follows: a, area, form, canonical, alternate, refresh
	useShareImage            // a picture named for other sites (og:image): checked, not loaded by the page
	useImage                 // a picture, icon or CSS background the page shows
	useMedia                 // video, audio and their tracks
	useStyle                 // a style sheet
	useScript                // a script
	useFont                  // a font file
	useOther                 // another subresource: a frame, a preloaded fetch
	useConnect               // preconnect, dns-prefetch: a connection, no file
)

// loaded reports whether the browser fetches the address while showing the
// page: such addresses must be on the site's own host.
func (u use) loaded() bool { return u != useLink && u != useShareImage }

// ref is one address that a page or style sheet refers to.
type ref struct {
	line    int
	element string // the element and attribute, or the CSS text, that holds it
	value   string // the address as written
	use     use
	as      string // for preloads: the destination (style, script, font...)
}

// doc is what scanning one HTML page finds.
type doc struct {
	lang      string
	base      string // <base href>, as written
	canonical string // <link rel=canonical href>, as written
	refs      []ref
	sheets    []docSheet // style sheets in document order: links and <style> elements
	types     []string   // schema.org @types of its JSON-LD
	text      map[rune]bool
	searches  []string // actions of its search forms, as written ("" for the page itself)
	links     []string // <a href> values, as written
}

// docSheet is a style sheet of the page: linked (href) or inline (parsed).
type docSheet struct {
	href   string
	inline *sheet
}

// hiddenText are the elements whose text is not part of the page's text
// as a browser with scripting on first shows it.
var hiddenText = map[string]bool{"script": true, "style": true, "template": true, "noscript": true, "title": true}

// scanHTML reads a page and lists what it refers to, with line numbers.
func scanHTML(src []byte) *doc {
	d := &doc{text: map[rune]bool{}}
	z := html.NewTokenizer(bytes.NewReader(src))
	line := 1
	var open []string // elements whose text is not shown, innermost last
	var inForm bool
	var form struct {
		action string
		search bool
	}
	var inJSONLD, inStyle bool
	for {
		tt := z.Next()
		if tt == html.ErrorToken {
			return d
		}
		start := line
		line += bytes.Count(z.Raw(), []byte{'\n'})
		switch tt {
		case html.TextToken:
			text := z.Text()
			switch {
			case inJSONLD:
				d.types = append(d.types, jsonLDTypes(text)...)
			case inStyle:
				sh := parseCSS(string(text), start)
				d.sheets = append(d.sheets, docSheet{inline: &sh})
			case len(open) == 0:
				for _, r := range string(text) {
					d.text[r] = true
				}
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			tag := string(name)
			if hiddenText[tag] && len(open) > 0 && open[len(open)-1] == tag {
				open = open[:len(open)-1]
			}
			switch tag {
			case "script":
				inJSONLD = false
			case "style":
				inStyle = false
			case "form":
				if inForm && form.search {
					d.searches = append(d.searches, form.action)
				}
				inForm = false
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			t := z.Token()
			attr := func(k string) (string, bool) {
				for _, a := range t.Attr {
					if a.Key == k && a.Namespace == "" {
						return a.Val, true
					}
				}
				return "", false
			}
			get := func(k string) string { v, _ := attr(k); return v }
			add := func(k string, u use) {
				if v, ok := attr(k); ok {
					d.refs = append(d.refs, ref{line: start, element: fmt.Sprintf("<%s %s=%q>", t.Data, k, v), value: v, use: u})
				}
			}
			addSrcset := func(k string, u use) {
				if v, ok := attr(k); ok {
					for _, c := range srcsetURLs(v) {
						d.refs = append(d.refs, ref{line: start, element: fmt.Sprintf("<%s %s=%q>", t.Data, k, c), value: c, use: u})
					}
				}
			}
			if v := get("style"); v != "" {
				for _, r := range parseCSS(v, start).refs {
					r.element = fmt.Sprintf("<%s style=%q>", t.Data, r.element)
					d.refs = append(d.refs, r)
				}
			}
			if hiddenText[t.Data] && tt == html.StartTagToken {
				open = append(open, t.Data)
			}
			switch t.Data {
			case "html":
				d.lang = get("lang")
			case "base":
				if d.base == "" {
					d.base = get("href")
				}
			case "a", "area":
				add("href", useLink)
				if v, ok := attr("href"); ok {
					d.links = append(d.links, v)
				}
			case "link":
				d.linkElement(start, get)
			case "meta":
				switch strings.ToLower(get("property") + get("name")) {
				case "og:image", "og:image:url", "og:image:secure_url", "twitter:image":
					add("content", useShareImage)
				}
				if strings.EqualFold(get("http-equiv"), "refresh") {
					if _, u, ok := strings.Cut(get("content"), "="); ok {
						u = strings.Trim(strings.TrimSpace(u), `'"`)
						d.refs = append(d.refs, ref{line: start, element: fmt.Sprintf("<meta http-equiv=\"refresh\" content=%q>", get("content")), value: u, use: useLink})
					}
				}
			case "script":
				typ := strings.ToLower(strings.TrimSpace(get("type")))
				inJSONLD = typ == "application/ld+json"
				if isScriptType(typ) {
					add("src", useScript)
				}
			case "style":
				inStyle = tt == html.StartTagToken
			case "img":
				add("src", useImage)
				addSrcset("srcset", useImage)
			case "source":
				addSrcset("srcset", useImage)
				add("src", useMedia)
			case "video":
				add("src", useMedia)
				add("poster", useImage)
			case "audio", "track":
				add("src", useMedia)
			case "input":
				switch strings.ToLower(get("type")) {
				case "image":
					add("src", useImage)
				case "search":
					if inForm {
						form.search = true
					}
				case "submit", "button", "reset":
					d.addText(get("value"))
				}
				d.addText(get("placeholder"))
			case "iframe", "embed", "frame":
				add("src", useOther)
			case "object":
				add("data", useOther)
			case "image", "use", "feimage": // SVG
				for _, k := range []string{"href", "xlink:href"} {
					if v, ok := attr(k); ok && !strings.HasPrefix(v, "#") {
						add(k, useImage)
					}
				}
			case "form":
				inForm = true
				form.action, form.search = get("action"), strings.EqualFold(get("role"), "search")
				add("action", useLink)
			case "noscript":
				// Without a browser's scripting the parser would read this
				// as raw text; its links are links all the same.
				z.NextIsNotRawText()
			}
		}
	}
}

// linkElement reads a <link>: style sheets, preloads and icons are loaded,
// canonical and alternate addresses are links.
func (d *doc) linkElement(line int, get func(string) string) {
	href := get("href")
	rels := strings.Fields(strings.ToLower(get("rel")))
	has := func(r string) bool {
		for _, x := range rels {
			if x == r {
				return true
			}
		}
		return false
	}
	el := func(v string) string { return fmt.Sprintf("<link rel=%q href=%q>", get("rel"), v) }
	u, as := useLink, ""
	switch {
	case has("stylesheet"):
		u = useStyle
		if href != "" {
			d.sheets = append(d.sheets, docSheet{href: href})
		}
	case has("preload"), has("prefetch"):
		as = strings.ToLower(get("as"))
		u = map[string]use{"style": useStyle, "script": useScript, "font": useFont, "image": useImage,
			"audio": useMedia, "video": useMedia, "track": useMedia}[as]
		if u == useLink {
			u = useOther
		}
		if as == "image" {
			for _, c := range srcsetURLs(get("imagesrcset")) {
				d.refs = append(d.refs, ref{line: line, element: fmt.Sprintf("<link rel=%q imagesrcset=%q>", get("rel"), c), value: c, use: useImage, as: as})
			}
		}
	case has("modulepreload"):
		u, as = useScript, "script"
	case has("icon"), has("apple-touch-icon"), has("apple-touch-icon-precomposed"), has("mask-icon"):
		u = useImage
	case has("manifest"):
		u = useOther
	case has("preconnect"), has("dns-prefetch"):
		u = useConnect
	case has("canonical"):
		d.canonical = href
	}
	if href != "" {
		d.refs = append(d.refs, ref{line: line, element: el(href), value: href, use: u, as: as})
	}
}

func (d *doc) addText(s string) {
	for _, r := range s {
		d.text[r] = true
	}
}

// isScriptType reports whether a <script type> is run as a script (a
// missing type is JavaScript; other types are data blocks).
func isScriptType(t string) bool {
	switch t {
	case "", "module", "text/javascript", "application/javascript", "application/ecmascript", "text/ecmascript":
		return true
	}
	return false
}

// srcsetURLs returns the addresses of a srcset attribute's candidates.
func srcsetURLs(v string) []string {
	var out []string
	i := 0
	for i < len(v) {
		for i < len(v) && (v[i] == ',' || isSpace(v[i])) {
			i++
		}
		start := i
		for i < len(v) && !isSpace(v[i]) {
			i++
		}
		u := v[start:i]
		descriptors := !strings.HasSuffix(u, ",")
		u = strings.TrimRight(u, ",")
		if u != "" {
			out = append(out, u)
		}
		if descriptors {
			depth := 0
			for i < len(v) && (depth > 0 || v[i] != ',') {
				switch v[i] {
				case '(':
					depth++
				case ')':
					depth--
				}
				i++
			}
		}
	}
	return out
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' }

// jsonLDTypes returns the @type of a JSON-LD block's top-level nodes and of
// the nodes of its @graph (not those of nested values such as an author).
func jsonLDTypes(b []byte) []string {
	var v any
	if json.Unmarshal(b, &v) != nil {
		return nil
	}
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case map[string]any:
			switch t := v["@type"].(type) {
			case string:
				out = append(out, t)
			case []any:
				for _, x := range t {
					if s, ok := x.(string); ok {
						out = append(out, s)
					}
				}
			}
			if g, ok := v["@graph"]; ok {
				walk(g)
			}
		case []any:
			for _, x := range v {
				walk(x)
			}
		}
	}
	walk(v)
	return out
}
