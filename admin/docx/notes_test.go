package docx_test

import (
	"bytes"
	"testing"

	"portal/admin/docx"
	"portal/admin/docx/docxtest"
)

// TestConvertNotes checks that footnotes and endnotes become Markdown
// footnotes: references where Word has them, numbered in order, and the
// notes' text at the end.
func TestConvertNotes(t *testing.T) {
	img := pngImage(t)
	link := `<w:rStyle w:val="Hyperlink"/>`
	tests := []conversion{
		{
			name: "two footnotes and an endnote numbered in one sequence by first reference",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R("", "Vốn FDI tăng"), docxtest.FootnoteRef(2), docxtest.R("", " so với năm trước.")) +
					docxtest.P(``, docxtest.R("", "Dự kiến năm sau"), docxtest.EndnoteRef(1), docxtest.R("", " còn tăng"), docxtest.FootnoteRef(1), docxtest.R("", ".")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Theo kế hoạch của tỉnh.")) +
					docxtest.Footnote(2, docxtest.R("", "Nguồn: Cục Thống kê.")),
				Endnotes: docxtest.Endnote(1, docxtest.R("", "Số liệu sơ bộ.")),
			},
			want: "Vốn FDI tăng[^1] so với năm trước.\n\nDự kiến năm sau[^2] còn tăng[^3].\n\n" +
				"[^1]: Nguồn: Cục Thống kê.\n\n[^2]: Số liệu sơ bộ.\n\n[^3]: Theo kế hoạch của tỉnh.\n",
		},
		{
			name: "a note keeps its bold, italic and links, through its own part's relationships",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R(docxtest.Bold, "Quỹ đất sạch"), docxtest.FootnoteRef(1), docxtest.R("", " và "),
					docxtest.Hyperlink("rId10", docxtest.R(link, "cổng tỉnh"))),
				Rels: docxtest.LinkRel("rId10", "https://binhphuoc.gov.vn"),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Xem ")+docxtest.R(docxtest.Bold, "Quyết định 12")+docxtest.R("", " (")+
					docxtest.R(docxtest.Italic, "bản gốc")+docxtest.R("", ") tại ")+docxtest.Hyperlink("rId10", docxtest.R(link, "Sở Kế hoạch và Đầu tư"))+
					docxtest.R("", " hoặc https://skhdt.binhphuoc.gov.vn/van_ban.")),
				FootnoteRels: docxtest.LinkRel("rId10", "https://skhdt.binhphuoc.gov.vn/quyet-dinh-12"),
			},
			want: "**Quỹ đất sạch**[^1] và [cổng tỉnh](https://binhphuoc.gov.vn)\n\n" +
				"[^1]: Xem **Quyết định 12** (*bản gốc*) tại [Sở Kế hoạch và Đầu tư](https://skhdt.binhphuoc.gov.vn/quyet-dinh-12) " +
				"hoặc [https://skhdt.binhphuoc.gov.vn/van\\_ban](https://skhdt.binhphuoc.gov.vn/van_ban).\n",
		},
		{
			name: "a reference inside bold text stays in it",
			file: docxtest.File{
				Body:      docxtest.P(``, docxtest.R(docxtest.Bold, "Khu công nghiệp"), `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/><w:b/></w:rPr><w:footnoteReference w:id="1"/></w:r>`, docxtest.R(docxtest.Bold, " Minh Hưng")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Thành lập năm 2006.")),
			},
			want: "**Khu công nghiệp[^1] Minh Hưng**\n\n[^1]: Thành lập năm 2006.\n",
		},
		{
			name: "a note of several paragraphs, a line break and a list",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R("", "Thủ tục"), docxtest.FootnoteRef(1), docxtest.R("", " đơn giản"), docxtest.FootnoteRef(2), docxtest.R("", ".")),
				Footnotes: docxtest.Footnote(1,
					docxtest.R("", "Gồm hai bước."),
					docxtest.R("", "Bước một: nộp hồ sơ;")+`<w:r><w:br/></w:r>`+docxtest.R("", "bước hai: nhận kết quả."),
					docxtest.R("", "Hồ sơ gồm:")) +
					`<w:footnote w:id="2">` + docxtest.P(docxtest.List(1, 0), docxtest.R("", "đơn")) + docxtest.P(docxtest.List(1, 0), docxtest.R("", "bản đồ")) + `</w:footnote>`,
			},
			want: "Thủ tục[^1] đơn giản[^2].\n\n" +
				"[^1]: Gồm hai bước.\n\n    Bước một: nộp hồ sơ;  \n    bước hai: nhận kết quả.\n\n    Hồ sơ gồm:\n\n" +
				"[^2]: - đơn\n    - bản đồ\n",
		},
		{
			name: "references to notes missing from the file, or empty, are left out and not numbered",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R("", "Một"), docxtest.FootnoteRef(7), docxtest.R("", ", hai"), docxtest.FootnoteRef(1),
					docxtest.R("", ", ba"), docxtest.EndnoteRef(1), docxtest.R("", ", bốn"), docxtest.FootnoteRef(3), docxtest.R("", ", năm"), docxtest.FootnoteRef(2), docxtest.R("", ".")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Có.")) + docxtest.Footnote(2, docxtest.R("", "Cũng có.")) +
					`<w:footnote w:id="3">` + docxtest.P(``) + `</w:footnote>`,
			},
			want: "Một, hai[^1], ba, bốn, năm[^2].\n\n[^1]: Có.\n\n[^2]: Cũng có.\n",
		},
		{
			name: "the separators and the continuation notice are not notes",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R("", "Đoạn"), docxtest.FootnoteRef(-1), docxtest.FootnoteRef(0), docxtest.FootnoteRef(1), docxtest.FootnoteRef(2), docxtest.R("", ".")),
				Footnotes: `<w:footnote w:type="continuationNotice" w:id="1">` + docxtest.P(``, docxtest.R("", "(xem tiếp trang sau)")) + `</w:footnote>` +
					`<w:footnote w:type="separator" w:id="2">` + docxtest.P(``, docxtest.R("", "———")) + `</w:footnote>` +
					docxtest.Footnote(3, docxtest.R("", "Chú thích thật.")),
			},
			want: "Đoạn.\n",
		},
		{
			name: "text written like a footnote stays text",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.R("", "Chú thích[^1] và [^2]"), docxtest.FootnoteRef(1), docxtest.R("", "[^1]")) +
					docxtest.P(``, docxtest.R("", "[^1]: không phải định nghĩa")) +
					docxtest.P(``, docxtest.FootnoteRef(1), docxtest.R("", ": không phải định nghĩa")) +
					docxtest.P(docxtest.List(1, 0), docxtest.FootnoteRef(1), docxtest.R("", ": cũng không")) +
					docxtest.P(``, docxtest.R("", "Dấu "), docxtest.R("", "!"), docxtest.FootnoteRef(1), docxtest.R("", " và \\"), docxtest.FootnoteRef(1), docxtest.R("", "(mục 2)")),
				Footnotes: docxtest.Footnote(1, docxtest.R("", "[^2]: lồng")),
			},
			want: "Chú thích\\[^1] và \\[^2][^1]\\[^1]\n\n\\[^1]: không phải định nghĩa\n\n[^1]\\: không phải định nghĩa\n\n- [^1]\\: cũng không\n\n" +
				"Dấu \\![^1] và \\\\[^1](mục 2)\n\n[^1]: \\[^2]: lồng\n",
		},
		{
			name: "a custom mark is not text, in the body or in the note",
			file: docxtest.File{
				Body:      docxtest.P(``, docxtest.R("", "Giá"), `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:customMarkFollows="1" w:id="1"/><w:t>*</w:t></w:r>`, docxtest.R("", " ưu đãi.")),
				Footnotes: `<w:footnote w:id="1">` + docxtest.P(docxtest.Style("FootnoteText"), `<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:t>*</w:t></w:r>`, docxtest.R("", " Áp dụng đến hết năm 2026.")) + `</w:footnote>`,
			},
			want: "Giá[^1] ưu đãi.\n\n[^1]: Áp dụng đến hết năm 2026.\n",
		},
		{
			name: "references in a heading, a list and a table; none in the title",
			file: docxtest.File{
				Body: docxtest.P(docxtest.Style("Title"), docxtest.R("", "Báo cáo"), docxtest.FootnoteRef(1)) +
					docxtest.P(docxtest.Style("Heading1"), docxtest.R("", "Hạ tầng"), docxtest.FootnoteRef(2)) +
					docxtest.P(docxtest.List(1, 0), docxtest.R("", "Điện"), docxtest.EndnoteRef(1)) +
					`<w:tbl><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid><w:tr><w:tc>` + docxtest.P(``, docxtest.R("", "Năm")) + `</w:tc><w:tc>` + docxtest.P(``, docxtest.R("", "Vốn")) + `</w:tc></w:tr>` +
					`<w:tr><w:tc>` + docxtest.P(``, docxtest.R("", "2024")) + `</w:tc><w:tc>` + docxtest.P(``, docxtest.R("", "830"), docxtest.FootnoteRef(3)) + `</w:tc></w:tr></w:tbl>`,
				Footnotes: docxtest.Footnote(1, docxtest.R("", "Tiêu đề.")) + docxtest.Footnote(2, docxtest.R("", "Mục.")) + docxtest.Footnote(3, docxtest.R("", "Triệu USD.")),
				Endnotes:  docxtest.Endnote(1, docxtest.R("", "Danh sách.")),
			},
			title: "Báo cáo",
			want: "## Hạ tầng[^1]\n\n- Điện[^2]\n\n| Năm | Vốn |\n|---|---|\n| 2024 | 830[^3] |\n\n" +
				"[^1]: Mục.\n\n[^2]: Danh sách.\n\n[^3]: Triệu USD.\n",
		},
		{
			name: "a picture in a note, through its part's relationships",
			file: docxtest.File{
				Body:         docxtest.P(``, docxtest.R("", "Vị trí"), docxtest.FootnoteRef(1)),
				Footnotes:    docxtest.Footnote(1, docxtest.R("", "Bản đồ: ")+docxtest.Picture("rId5", "Bản đồ tỉnh")),
				FootnoteRels: docxtest.ImageRel("rId5", "media/image1.png"),
				Media:        map[string][]byte{"image1.png": img},
			},
			want: "Vị trí[^1]\n\n[^1]: Bản đồ: ![Bản đồ tỉnh](docx-image-1)\n",
		},
		{
			name: "Strict Open XML",
			file: docxtest.File{Strict: true,
				Body:      docxtest.P(``, docxtest.R("", "Đoạn"), docxtest.FootnoteRef(1), docxtest.EndnoteRef(1)),
				Footnotes: docxtest.Footnote(1, docxtest.R(docxtest.Bold, "Cuối trang.")),
				Endnotes:  docxtest.Endnote(1, docxtest.R("", "Cuối bài.")),
			},
			want: "Đoạn[^1][^2]\n\n[^1]: **Cuối trang.**\n\n[^2]: Cuối bài.\n",
		},
	}
	checkConversions(t, tests)
}

// TestConvertNotesUnderLimits reads the notes parts under the same limits
// as the rest: a footnotes part over MaxPartBytes is refused.
func TestConvertNotesUnderLimits(t *testing.T) {
	long := make([]byte, 64<<10)
	for i := range long {
		long[i] = 'a'
	}
	file := wordBytes(t, docxtest.File{
		Body:      docxtest.P(``, docxtest.R("", "Đoạn"), docxtest.FootnoteRef(1)),
		Footnotes: docxtest.Footnote(1, docxtest.R("", string(long))),
	})
	if _, err := docx.Convert(bytes.NewReader(file), int64(len(file)), docx.DefaultLimits); err != nil {
		t.Fatalf("under the default limits: %v", err)
	}
	_, err := docx.Convert(bytes.NewReader(file), int64(len(file)), docx.Limits{MaxPartBytes: 60 << 10})
	if key := refusedKey(t, err); key != docx.KeyTooLarge {
		t.Errorf("key %q, want %q (%v)", key, docx.KeyTooLarge, err)
	}
}
