package sitecheck

import (
	"path"
	"strings"
)

// PagePick is one page checked as an example of its type.
type PagePick struct {
	Name string // "article (vi)"
	Type string // "article"
	Lang string
	URL  string // the address to request, from the site's root
	Page *Page
}

// PageTypes are the public site's page types, in the order reported.
var PageTypes = []string{"home", "area", "article", "investor list", "event", "search", "404"}

// PickPages chooses one page of each type in each language: the language's
// home page (/vi/); a list that offers a CSV download (the investors' lists
// of industrial parks and projects); an event, an article whose JSON-LD is
// an Event or that an event list (a page linking to .ics calendars) links
// to; the heaviest other article, and the area it is in (its parent
// address); the page its search forms submit to; and its 404.html. A type
// with no page has a nil Page.
func PickPages(rep *Report) []PagePick {
	byPath := map[string]*Page{}
	for i := range rep.Pages {
		byPath[rep.Pages[i].Path] = &rep.Pages[i]
	}
	var langs []string
	for _, p := range rep.Pages {
		seg := strings.Trim(p.Path, "/")
		if seg != "" && !strings.Contains(seg, "/") && strings.HasSuffix(p.Path, "/") &&
			(strings.EqualFold(p.Lang, seg) || strings.HasPrefix(strings.ToLower(p.Lang), strings.ToLower(seg)+"-")) {
			langs = append(langs, seg)
		}
	}
	var out []PagePick
	for _, lang := range langs {
		prefix := "/" + lang + "/"
		var in []*Page
		for i := range rep.Pages {
			if strings.HasPrefix(rep.Pages[i].Path, prefix) {
				in = append(in, &rep.Pages[i])
			}
		}
		pick := map[string]*Page{"home": byPath[prefix], "404": byPath[prefix+"404.html"]}
		for _, p := range in {
			if !p.Article && pick["investor list"] == nil && linksTo(p, ".csv") {
				pick["investor list"] = p
			}
			if p.Article && pick["event"] == nil && hasType(p, "Event") {
				pick["event"] = p
			}
			for _, s := range p.Searches {
				if pick["search"] == nil || s == p.Path {
					if t := byPath[s]; t != nil {
						pick["search"] = t
					}
				}
			}
		}
		if pick["event"] == nil {
		events:
			for _, list := range in {
				if list.Article || !linksTo(list, ".ics") {
					continue
				}
				for _, l := range list.Links {
					if t := byPath[l]; t != nil && t.Article {
						pick["event"] = t
						break events
					}
				}
			}
		}
		for _, p := range in {
			if p.Article && p != pick["event"] && (pick["article"] == nil || p.Weight.Total() > pick["article"].Weight.Total()) {
				pick["article"] = p
			}
		}
		if a := pick["article"]; a != nil {
			pick["area"] = byPath[path.Dir(strings.TrimSuffix(a.Path, "/"))+"/"]
		}
		for _, typ := range PageTypes {
			pp := PagePick{Name: typ + " (" + lang + ")", Type: typ, Lang: lang, Page: pick[typ]}
			if pp.Page != nil {
				pp.URL = pp.Page.Path
			}
			out = append(out, pp)
		}
	}
	return out
}

func linksTo(p *Page, ext string) bool {
	for _, l := range p.Links {
		if strings.EqualFold(path.Ext(l), ext) {
			return true
		}
	}
	return false
}

func hasType(p *Page, t string) bool {
	for _, x := range p.Types {
		if x == t {
			return true
		}
	}
	return false
}

func HeaviestArticle(rep *Report) *Page {
	var h *Page
	for i := range rep.Pages {
		if p := &rep.Pages[i]; p.Article && (h == nil || p.Weight.Total() > h.Weight.Total()) {
			h = p
		}
	}
	return h
}

func CountArticles(rep *Report) int {
	n := 0
	for _, p := range rep.Pages {
		if p.Article {
			n++
		}
	}
	return n
}
