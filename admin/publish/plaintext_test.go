package publish_test

import (
	"context"
	"encoding/xml"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"portal/admin"
	"portal/admin/rss"
)

// hostile is a summary with markup, entities and control characters in it,
// as someone could paste it.
const hostile = "Tóm tắt <b>đậm</b> & <script>alert(1)</script> <img src=x onerror=alert(2)> &amp; \x1b[31m\x00\u0085\ufeff hết"

// hostileClean is what readers must see of it: the same text, markup as
// text, the invisible control characters gone.
const hostileClean = "Tóm tắt <b>đậm</b> & <script>alert(1)</script> <img src=x onerror=alert(2)> &amp; [31m hết"

// TestFeedDescriptionsArePlainText publishes an article whose title,
// summary and tags hold markup and control characters, then reads every
// XML file of the built site and of the downloads as XML (each must be
// well-formed) and every RSS description as HTML, as feed readers do: no
// description may hold an element, and the article's reads as typed.
func TestFeedDescriptionsArePlainText(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	area, err := db.AreaByKey(ctx, "news")
	if err != nil {
		t.Fatal(err)
	}
	a := &admin.Article{AreaID: area.ID, Kind: admin.KindNews, Translations: []*admin.Translation{{
		Lang: "vi", Title: "Tiêu đề <i>nghiêng</i>\x07 & \"ngoặc\"", Summary: hostile, Body: "Nội dung\x00 bài\r\nviết.",
		Tags: []string{"thẻ <b>\x1b", "a & b"}, Status: admin.StatusPublished, PublishedAt: time.Now().Add(-time.Minute)}}}
	if err := db.CreateArticle(ctx, a, nil); err != nil {
		t.Fatal(err)
	}
	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	descriptions, feeds, ours := 0, 0, 0
	for _, root := range []string{filepath.Join(data, "public") + "/", filepath.Join(data, "downloads")} {
		err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || filepath.Ext(path) != ".xml" {
				return err
			}
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			rel, _ := filepath.Rel(data, path)
			texts, isRSS, err := rssDescriptions(b)
			if err != nil {
				t.Errorf("%s is not well-formed XML: %v", rel, err)
				return nil
			}
			if isRSS {
				feeds++
			}
			for _, d := range texts {
				descriptions++
				if el := firstElement(t, d); el != "" {
					t.Errorf("%s: a description holds the element <%s> for feed readers: %q", rel, el, d)
				}
				if !strings.Contains(d, "Tóm tắt") {
					continue
				}
				ours++
				if htmlText(t, d) != hostileClean {
					t.Errorf("%s: the summary reads %q in a feed reader, want %q", rel, htmlText(t, d), hostileClean)
				}
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if feeds < 10 || descriptions < 20 || ours < 2 {
		t.Fatalf("only %d feeds and %d descriptions read, %d of them the article's (want its language's and its area's feed)", feeds, descriptions, ours)
	}
}

// rssDescriptions returns the text of every <description> of an XML
// document (decoded once, as XML), checking it is well-formed.
func rssDescriptions(b []byte) (texts []string, isRSS bool, err error) {
	dec := xml.NewDecoder(strings.NewReader(string(b)))
	var in bool
	var cur strings.Builder
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return texts, isRSS, nil
		}
		if err != nil {
			return nil, false, err
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if tok.Name.Local == "rss" {
				isRSS = true
			}
			if tok.Name.Local == "description" && tok.Name.Space == "" {
				in = true
				cur.Reset()
			}
		case xml.CharData:
			if in {
				cur.Write(tok)
			}
		case xml.EndElement:
			if in && tok.Name.Local == "description" {
				in = false
				texts = append(texts, cur.String())
			}
		}
	}
}

// firstElement parses s as an HTML fragment and returns the name of its
// first element, "" when it is only text.
func firstElement(t *testing.T, s string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var find func(*html.Node) string
	find = func(n *html.Node) string {
		if n.Type == html.ElementNode {
			return n.Data
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			if e := find(c); e != "" {
				return e
			}
		}
		return ""
	}
	for _, n := range nodes {
		if e := find(n); e != "" {
			return e
		}
	}
	return ""
}

// htmlText is the text an HTML fragment shows.
func htmlText(t *testing.T, s string) string {
	t.Helper()
	nodes, err := html.ParseFragment(strings.NewReader(s), &html.Node{Type: html.ElementNode, Data: "div", DataAtom: atom.Div})
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	for _, n := range nodes {
		walk(n)
	}
	return b.String()
}

// The feeds the portal writes in Go (corrections, embargoed releases) hold
// plain-text descriptions too, and any text gives well-formed XML.
func TestGoFeedsArePlainText(t *testing.T) {
	b, err := rss.Channel{Title: "Kênh\x00 <b>", Link: "https://portal.example/", Description: hostile,
		Items: []rss.Item{{Title: "Mục \x1b<i>", ID: "urn:x\x07", Description: hostile, HTML: "<p>a\x00b</p>", Date: time.Now()}}}.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	texts, _, err := rssDescriptions(b)
	if err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, b)
	}
	for _, d := range texts {
		if el := firstElement(t, d); el != "" {
			t.Errorf("a description holds <%s>: %q", el, d)
		}
		if got := htmlText(t, d); got != hostileClean {
			t.Errorf("description reads %q, want %q", got, hostileClean)
		}
	}
}
