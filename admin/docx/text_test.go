package docx_test

import (
	"bytes"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	"golang.org/x/net/html"
	"golang.org/x/text/unicode/norm"

	"portal/admin/docx"
	"portal/admin/docx/docxtest"
)

// site renders Markdown as the site's Hugo does (GFM, definition lists,
// footnotes), less the typographer, which changes quotes and dashes on
// purpose.
var site = goldmark.New(goldmark.WithExtensions(extension.GFM, extension.DefinitionList, extension.Footnote))

// readsAs converts a paragraph of the given text (lines joined by Word line
// breaks), with the paragraph properties pPr, and returns the text a
// reader of the site sees, lines joined by "\n", and the Markdown.
func readsAs(t testing.TB, pPr string, lines ...string) (string, string) {
	t.Helper()
	var content []string
	for i, l := range lines {
		if i > 0 {
			content = append(content, `<w:r><w:br/></w:r>`)
		}
		content = append(content, docxtest.R("", l))
	}
	// A first paragraph keeps a heading from being taken as the title.
	doc := convert(t, wordBytes(t, docxtest.File{Body: docxtest.P(``, docxtest.R("", "Mở đầu")) + docxtest.P(pPr, content...)}))
	var out bytes.Buffer
	if err := site.Convert([]byte(doc.Markdown), &out); err != nil {
		t.Fatal(err)
	}
	root, err := html.Parse(&out)
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch {
		case n.Type == html.TextNode:
			b.WriteString(n.Data)
		case n.Type == html.ElementNode && n.Data == "br":
			b.WriteString("\n")
		case n.Type == html.ElementNode && n.Data == "img":
			b.WriteString("[image]")
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	return b.String(), doc.Markdown
}

// shown is what Word shows of a paragraph's lines, as the site shows it:
// white space collapsed, NFC.
func shown(lines ...string) string {
	var out []string
	for _, l := range lines {
		l = strings.Map(func(r rune) rune {
			switch {
			case r == '\t' || r == '\n' || r == '\r':
				return ' '
			case unicode.IsControl(r), r >= 0xF000 && r <= 0xF0FF:
				return -1
			}
			return r
		}, l)
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return norm.NFC.String(strings.Join(out, "\n"))
}

func normalise(s string) string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// TestTextReadsAsWritten puts text that means something in Markdown or
// HTML in a Word paragraph and expects a reader of the site to see it as
// written.
func TestTextReadsAsWritten(t *testing.T) {
	for _, lines := range tricky {
		for _, in := range places {
			got, md := readsAs(t, in.pPr, lines...)
			if want := normalise(in.shown(lines...)); normalise(got) != want {
				t.Errorf("%q in %s\nreads as %q\nwant     %q\nMarkdown: %q", lines, in.name, normalise(got), want, md)
			}
		}
	}
}

// places are the kinds of paragraph text is tried in. A heading is one
// line.
var places = []struct {
	name  string
	pPr   string
	shown func(lines ...string) string
}{
	{"a paragraph", ``, func(lines ...string) string { return "Mở đầu\n" + shown(lines...) }},
	{"a list item", docxtest.List(2, 0), func(lines ...string) string { return "Mở đầu\n" + shown(lines...) }},
	{"a heading", docxtest.Style("Heading2"), func(lines ...string) string {
		return "Mở đầu\n" + strings.ReplaceAll(shown(lines...), "\n", " ")
	}},
}

// tricky are paragraphs (as lines) that mean something in Markdown or HTML.
var tricky = [][]string{
	{"# Không phải tiêu đề"},
	{"## Cũng không", "### hay thế này"},
	{"1. Không phải danh sách", "2) cũng không", "- hay gạch", "+ hay cộng", "* hay sao"},
	{"2023. Năm bản lề"},
	{"> trích dẫn", ">> lồng"},
	{"Dòng", "===", "---", "***", "___"},
	{"**đậm giả** và __đậm giả__, *nghiêng* _giả_, 5*3*2, a_b_c"},
	{"[liên kết](https://example.com) và ![ảnh](x.png) và [ref]: /url"},
	{"<b>thẻ</b> <!-- chú thích --> <https://binhphuoc.gov.vn> <script>alert(1)</script>"},
	{"&copy; &amp; &#169; &#xA9; &nbsp; AT&T"},
	{"`mã` ``hai`` ```ba```"},
	{"~~gạch~~ ~một~"},
	{"| a | b |", "|---|---|", "| 1 | 2 |"},
	{"Thuật ngữ", ": định nghĩa"},
	{"Chú thích[^1]", "[^1]: nội dung"},
	{"\\ dấu gạch ngược \\* \\\\"},
	{"    thụt lề bốn dấu cách"},
	{"{{< shortcode >}} và {{% khác %}}"},
	{"https://binhphuoc.gov.vn/tin_tuc/a*b*c_(1).html, nguyen_van_an@binhphuoc.gov.vn"},
	{"Giá: $100 – 200$ và 50% ^_^"},
}

// FuzzText checks that any text in a paragraph reads as written.
func FuzzText(f *testing.F) {
	f.Add("# Tiềm năng *đầu tư* [1] <b> &copy; `x`", "1. dòng hai")
	f.Add("Khu công nghiệp Minh Hưng – Hàn Quốc", "| a | b |")
	for _, lines := range tricky {
		f.Add(lines[0], strings.Join(lines[1:], " "))
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, s := range []string{a, b} {
			if !utf8.ValidString(s) || !xmlChars(s) {
				t.Skip()
			}
		}
		for _, in := range places {
			got, md := readsAs(t, in.pPr, a, b)
			if want := normalise(in.shown(a, b)); normalise(got) != want {
				t.Errorf("in %s\nreads as %q\nwant     %q\nMarkdown: %q", in.name, normalise(got), want, md)
			}
		}
	})
}

// xmlChars reports whether s has only characters XML 1.0 allows.
func xmlChars(s string) bool {
	for _, r := range s {
		if r < 0x20 && r != '\t' && r != '\n' && r != '\r' || r >= 0xFFFE && r <= 0xFFFF || r >= 0xD800 && r <= 0xDFFF {
			return false
		}
	}
	return true
}

// FuzzConvert feeds arbitrary bytes: Convert never panics, and whatever
// it refuses it refuses with one of its keys.
func FuzzConvert(f *testing.F) {
	img := pngImage(f)
	f.Add(wordBytes(f, docxtest.File{
		Body: docxtest.P(docxtest.Style("Title"), docxtest.R("", "Tiêu đề")) + docxtest.P(docxtest.List(1, 0), docxtest.R(docxtest.Bold, "một")) + docxtest.Table([]string{"a", "b"}, []string{"1", "2|3"}) +
			docxtest.P(``, docxtest.Picture("rId11", "ảnh"), docxtest.Field(`HYPERLINK "https://binhphuoc.gov.vn"`, docxtest.R("", "cổng"))),
		Rels:  docxtest.ImageRel("rId11", "media/image1.png"),
		Media: map[string][]byte{"image1.png": img},
	}))
	f.Add(wordBytes(f, docxtest.File{
		Body:      docxtest.P(``, docxtest.R("", "chú thích"), docxtest.FootnoteRef(1), docxtest.EndnoteRef(1)),
		Footnotes: docxtest.Footnote(1, docxtest.R(docxtest.Bold, "một"), docxtest.R("", "hai")),
		Endnotes:  docxtest.Endnote(1, docxtest.R("", "cuối")),
	}))
	f.Add([]byte("%PDF-1.7\n"))
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, b []byte) {
		doc, err := docx.Convert(bytes.NewReader(b), int64(len(b)), docx.DefaultLimits)
		if err != nil {
			refusedKey(t, err)
			return
		}
		if !utf8.ValidString(doc.Markdown) || !norm.NFC.IsNormalString(doc.Markdown) {
			t.Errorf("Markdown not NFC UTF-8: %q", doc.Markdown)
		}
	})
}

// FuzzDocumentXML feeds arbitrary document.xml content inside a sound
// package, which reaches the walker far more often than arbitrary bytes.
func FuzzDocumentXML(f *testing.F) {
	f.Add(docxtest.P(docxtest.Style("Heading2"), docxtest.R(docxtest.Bold+docxtest.Italic, "Hai")) + docxtest.P(docxtest.List(2, 1), docxtest.R("", "a")) + docxtest.Table([]string{"x"}, []string{"y"}))
	f.Add(docxtest.Field("HYPERLINK \"https://a.vn\"", docxtest.R("", "x")) + `<w:sdt><w:sdtContent>` + docxtest.P(``, docxtest.R("", "y")) + `</w:sdtContent></w:sdt>`)
	f.Add(`<w:p><w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText>IF </w:instrText></w:r>` + docxtest.Field("PAGE", docxtest.R("", "1")) +
		`<w:r><w:instrText> = 1</w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>` + docxtest.R("", "a") + `<w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>`)
	f.Add(`<w:tbl><w:tr><w:tc><w:tbl><w:tr><w:tc>` + docxtest.P(``) + `</w:tc></w:tr></w:tbl></w:tc></w:tr></w:tbl>`)
	f.Fuzz(func(t *testing.T, body string) {
		file := wordBytes(t, docxtest.File{Body: body, Rels: docxtest.ImageRel("rId11", "media/image1.png"), Media: map[string][]byte{"image1.png": {1, 2, 3}}})
		_, err := docx.Convert(bytes.NewReader(file), int64(len(file)), docx.DefaultLimits)
		if err != nil {
			refusedKey(t, err)
		}
	})
}

// TestFootnotesRender renders the Markdown of documents with notes as the
// site does and expects numbered references that link to a list of the
// notes, each with its link back.
func TestFootnotesRender(t *testing.T) {
	tests := []struct {
		name      string
		file      docxtest.File
		want, not []string
	}{
		{
			name: "a footnote and an endnote",
			file: docxtest.File{
				Body:      docxtest.P(``, docxtest.R("", "Vốn FDI tăng"), docxtest.FootnoteRef(1), docxtest.R("", " mạnh"), docxtest.EndnoteRef(1), docxtest.R("", ".")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Nguồn: ")+docxtest.R(docxtest.Bold, "Cục Thống kê")+docxtest.R("", ".")),
				Endnotes:  docxtest.Endnote(1, docxtest.R("", "Số liệu sơ bộ.")),
			},
			want: []string{
				`<p>Vốn FDI tăng<sup id="fnref:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup> mạnh<sup id="fnref:2"><a href="#fn:2" class="footnote-ref" role="doc-noteref">2</a></sup>.</p>`,
				`<li id="fn:1">` + "\n" + `<p>Nguồn: <strong>Cục Thống kê</strong>.&#160;<a href="#fnref:1" class="footnote-backref" role="doc-backlink">`,
				`<li id="fn:2">` + "\n" + `<p>Số liệu sơ bộ.&#160;<a href="#fnref:2" class="footnote-backref" role="doc-backlink">`,
			},
		},
		{
			name: "a note of two paragraphs stays one note",
			file: docxtest.File{
				Body:      docxtest.P(``, docxtest.R("", "Thủ tục"), docxtest.FootnoteRef(1), docxtest.R("", ".")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Bước một."), docxtest.R("", "Bước hai.")),
			},
			want: []string{`<li id="fn:1">` + "\n" + `<p>Bước một.</p>` + "\n" + `<p>Bước hai.&#160;<a href="#fnref:1" class="footnote-backref"`},
			not:  []string{`<pre>`, `<code>`},
		},
		{
			name: "text written like a footnote reads as written",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R("", "Chú thích[^1]"), docxtest.FootnoteRef(1)) +
					docxtest.P(``, docxtest.FootnoteRef(1), docxtest.R("", ": không phải định nghĩa")) +
					docxtest.P(``, docxtest.R("", "[^1]: cũng không")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Thật.")),
			},
			want: []string{
				`<p>Chú thích[^1]<sup id="fnref:1"><a href="#fn:1"`,
				`<p><sup id="fnref1:1"><a href="#fn:1" class="footnote-ref" role="doc-noteref">1</a></sup>: không phải định nghĩa</p>`,
				`<p>[^1]: cũng không</p>`,
				`<p>Thật.&#160;<a href="#fnref:1" class="footnote-backref"`,
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := convert(t, wordBytes(t, tt.file))
			var out bytes.Buffer
			if err := site.Convert([]byte(doc.Markdown), &out); err != nil {
				t.Fatal(err)
			}
			got := out.String()
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("the page does not have %s\nHTML:\n%s\nMarkdown:\n%s", w, got, doc.Markdown)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("the page has %s\nHTML:\n%s", n, got)
				}
			}
		})
	}
}
