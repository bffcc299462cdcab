package docx_test

import (
	"archive/zip"
	"bytes"
	"compress/flate"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"

	"portal/admin"
	"portal/admin/docx"
	"portal/admin/docx/docxtest"
)

// wordBytes returns the .docx file f.
func wordBytes(t testing.TB, f docxtest.File) []byte {
	t.Helper()
	b, err := f.Bytes()
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// pngImage returns a small PNG, as Word stores a pasted picture.
func pngImage(t testing.TB) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 4, 3))
	for x := range 4 {
		for y := range 3 {
			img.Set(x, y, color.RGBA{R: uint8(60 * x), G: 120, B: uint8(80 * y), A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func convert(t testing.TB, file []byte) *docx.Document {
	t.Helper()
	doc, err := docx.Convert(bytes.NewReader(file), int64(len(file)), docx.DefaultLimits)
	if err != nil {
		t.Fatalf("Convert: %v", err)
	}
	return doc
}

// TestConvertArticle reads an article as an officer writes one in Word and
// expects the draft the editor opens.
func TestConvertArticle(t *testing.T) {
	img := pngImage(t)
	body := docxtest.P(docxtest.Style("Title"),
		`<w:bookmarkStart w:id="0" w:name="_GoBack"/><w:bookmarkEnd w:id="0"/>`,
		docxtest.R("", "Tiềm năng "), docxtest.SpellStart, docxtest.R("", "đầu"), docxtest.SpellEnd, docxtest.R("", " tư của tỉnh")) +
		docxtest.P(`<w:jc w:val="both"/>`,
			docxtest.R("", "Tỉnh "), docxtest.R(docxtest.Bold, "Bình "), docxtest.SpellStart, docxtest.R(docxtest.Bold, "Phước"), docxtest.SpellEnd,
			docxtest.R("", " nằm ở vùng "), docxtest.R(docxtest.Italic, "Đông Nam Bộ"),
			docxtest.R("", ", có "), docxtest.R(`<w:b w:val="0"/>`, "khí hậu "), docxtest.R(`<w:i w:val="false"/>`, "ôn hòa."),
		) +
		docxtest.P(``) + // Word leaves empty paragraphs for spacing
		docxtest.P(docxtest.Style("Heading1"), docxtest.R("", "Hạ tầng khu công nghiệp")) +
		docxtest.P(docxtest.Style("Heading2"), docxtest.R(docxtest.Bold, "Khu công nghiệp Minh Hưng – Hàn Quốc")) +
		docxtest.P(docxtest.List(1, 0), docxtest.R("", "Diện tích: 193 ha")) +
		docxtest.P(docxtest.List(1, 1), docxtest.R("", "Đã lấp đầy "), docxtest.R(docxtest.Bold, "100%")) +
		docxtest.P(docxtest.List(1, 0), docxtest.R("", "Vị trí: Quốc lộ 13")) +
		docxtest.P(``, docxtest.R("", "Thủ tục đầu tư gồm:")) +
		docxtest.P(docxtest.List(2, 0), docxtest.R("", "Nộp hồ sơ")) +
		docxtest.P(docxtest.List(2, 0), docxtest.R("", "Thẩm định")) +
		docxtest.P(docxtest.List(2, 1), docxtest.R("", "Thẩm định hồ sơ đất đai")) +
		docxtest.P(docxtest.List(2, 1), docxtest.R("", "Thẩm định môi trường")) +
		docxtest.P(docxtest.List(2, 0), docxtest.R("", "Cấp giấy chứng nhận")) +
		docxtest.Table(
			[]string{"Năm", "Vốn FDI (triệu USD)", "Đánh giá"},
			[]string{"2023", "830", "Cao | Thấp"},
			[]string{"2024", "1.050", "Tăng\nmạnh"},
		) +
		docxtest.P(``, docxtest.R("", "Xem chi tiết tại "),
			`<w:hyperlink r:id="rId10" w:history="1">`, docxtest.R(`<w:rStyle w:val="Hyperlink"/>`, "Cổng thông tin điện tử tỉnh"), `</w:hyperlink>`,
			docxtest.R("", " hoặc mục "),
			`<w:hyperlink w:anchor="_Hạ_tầng_khu" w:history="1">`, docxtest.R(`<w:rStyle w:val="Hyperlink"/>`, "Hạ tầng"), `</w:hyperlink>`,
			docxtest.R("", ".")) +
		docxtest.P(``, docxtest.R("", "Năm 2024 thu hút "),
			`<w:del w:id="11" w:author="Nguyễn Văn An" w:date="2024-03-05T09:12:00Z"><w:r w:rsidDel="00C52A5B"><w:rPr><w:lang w:val="vi-VN"/></w:rPr><w:delText>500</w:delText></w:r></w:del>`,
			`<w:ins w:id="12" w:author="Nguyễn Văn An" w:date="2024-03-05T09:12:00Z"><w:r w:rsidR="00C52A5B"><w:rPr><w:lang w:val="vi-VN"/></w:rPr><w:t>830</w:t></w:r></w:ins>`,
			docxtest.R("", " triệu USD."),
			`<w:commentRangeStart w:id="13"/>`, docxtest.R("", " Số liệu sơ bộ."), `<w:commentRangeEnd w:id="13"/>`,
			`<w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="13"/></w:r>`) +
		docxtest.P(`<w:jc w:val="center"/>`, docxtest.Picture("rId11", "Toàn cảnh Khu công nghiệp Minh Hưng")) +
		docxtest.P(``, docxtest.R("", "Địa chỉ: Số 1 Trần Hưng Đạo"), `<w:r><w:br/></w:r>`, docxtest.R("", "Điện thoại: 0271 3879 179")) +
		docxtest.P(``, docxtest.R("", "# Ghi chú: giá *ưu đãi* cho lô 5*3, [xem] <phụ lục> và `mã`_1_"))
	file := wordBytes(t, docxtest.File{
		Body: body,
		Rels: `<Relationship Id="rId10" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://binhphuoc.gov.vn/vi/dau-tu" TargetMode="External"/>` +
			`<Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>`,
		Media: map[string][]byte{"image1.png": img},
	})

	doc := convert(t, file)

	if doc.Title != "Tiềm năng đầu tư của tỉnh" {
		t.Errorf("Title = %q", doc.Title)
	}
	want := "Tỉnh **Bình Phước** nằm ở vùng *Đông Nam Bộ*, có khí hậu ôn hòa.\n" +
		"\n" +
		"## Hạ tầng khu công nghiệp\n" +
		"\n" +
		"### Khu công nghiệp Minh Hưng – Hàn Quốc\n" +
		"\n" +
		"- Diện tích: 193 ha\n" +
		"  - Đã lấp đầy **100%**\n" +
		"- Vị trí: Quốc lộ 13\n" +
		"\n" +
		"Thủ tục đầu tư gồm:\n" +
		"\n" +
		"1. Nộp hồ sơ\n" +
		"2. Thẩm định\n" +
		"   1. Thẩm định hồ sơ đất đai\n" +
		"   2. Thẩm định môi trường\n" +
		"3. Cấp giấy chứng nhận\n" +
		"\n" +
		"| Năm | Vốn FDI (triệu USD) | Đánh giá |\n" +
		"|---|---|---|\n" +
		"| 2023 | 830 | Cao \\| Thấp |\n" +
		"| 2024 | 1.050 | Tăng mạnh |\n" +
		"\n" +
		"Xem chi tiết tại [Cổng thông tin điện tử tỉnh](https://binhphuoc.gov.vn/vi/dau-tu) hoặc mục Hạ tầng.\n" +
		"\n" +
		"Năm 2024 thu hút 830 triệu USD. Số liệu sơ bộ.\n" +
		"\n" +
		"![Toàn cảnh Khu công nghiệp Minh Hưng](docx-image-1)\n" +
		"\n" +
		"Địa chỉ: Số 1 Trần Hưng Đạo  \n" +
		"Điện thoại: 0271 3879 179\n" +
		"\n" +
		"\\# Ghi chú: giá \\*ưu đãi* cho lô 5\\*3, \\[xem] &lt;phụ lục&gt; và \\`mã\\`\\_1_\n"
	if doc.Markdown != want {
		t.Errorf("Markdown:\n%s\nwant:\n%s", doc.Markdown, want)
	}
	if len(doc.Images) != 1 {
		t.Fatalf("Images = %d, want 1", len(doc.Images))
	}
	im := doc.Images[0]
	if im.Name != "image1.png" || im.Ref != "docx-image-1" || im.Alt != "Toàn cảnh Khu công nghiệp Minh Hưng" || !bytes.Equal(im.Data, img) {
		t.Errorf("Image = %q %q %q, %d bytes (same as the PNG: %v)", im.Name, im.Ref, im.Alt, len(im.Data), bytes.Equal(im.Data, img))
	}
}

// refusedKey returns the key of the refusal err is, failing the test for
// any other error.
func refusedKey(t *testing.T, err error) string {
	t.Helper()
	var e *admin.Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v (%T) is not an *admin.Error", err, err)
	}
	if e.Code != admin.EINVALID || e.Message == "" {
		t.Errorf("refusal %+v: want code %q and a message", e, admin.EINVALID)
	}
	return e.Key
}

func zipOf(t *testing.T, files map[string]string) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for name, data := range files {
		w, err := zw.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(data))
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestConvertRefuses(t *testing.T) {
	pdf := []byte("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
	oldDoc := append([]byte("\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"), make([]byte, 504)...)
	odt := zipOf(t, map[string]string{
		"mimetype":    "application/vnd.oasis.opendocument.text",
		"content.xml": `<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>`,
	})
	xlsx := zipOf(t, map[string]string{
		"_rels/.rels": `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
		"xl/workbook.xml": `<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>`,
	})
	valid := wordBytes(t, docxtest.File{Body: docxtest.P(``, docxtest.R("", "Một đoạn."))})
	truncated := valid[:len(valid)/2]
	damaged := wordBytes(t, docxtest.File{Body: docxtest.P(``, docxtest.R("", "Một đoạn.")) + `<w:p><w:r><w:t>không đóng</w:r></w:p>`})
	badStyles := wordBytes(t, docxtest.File{Body: docxtest.P(``, docxtest.R("", "Một đoạn.")), Styles: `<w:styles xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:style>`})

	tests := []struct {
		name string
		file []byte
		lim  docx.Limits
		key  string
	}{
		{"a PDF", pdf, docx.DefaultLimits, docx.KeyNotWord},
		{"an old .doc", oldDoc, docx.DefaultLimits, docx.KeyNotWord},
		{"an empty file", nil, docx.DefaultLimits, docx.KeyNotWord},
		{"a zip without word/document.xml", odt, docx.DefaultLimits, docx.KeyNotWord},
		{"a spreadsheet", xlsx, docx.DefaultLimits, docx.KeyNotWord},
		{"a file over MaxFileBytes", valid, docx.Limits{MaxFileBytes: int64(len(valid) - 1)}, docx.KeyTooLarge},
		{"a truncated file", truncated, docx.DefaultLimits, docx.KeyDamaged},
		{"XML that does not parse", damaged, docx.DefaultLimits, docx.KeyDamaged},
		{"styles that do not parse", badStyles, docx.DefaultLimits, docx.KeyDamaged},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docx.Convert(bytes.NewReader(tt.file), int64(len(tt.file)), tt.lim)
			if key := refusedKey(t, err); key != tt.key {
				t.Errorf("key %q, want %q (%v)", key, tt.key, err)
			}
		})
	}
}

// TestConvertRefusesZipBombs feeds parts that inflate past the limits: a
// document.xml of 30 MB of zeros that compresses to a few kilobytes, the
// same with a zip header that claims it is small (archive/zip stops at the
// size the header claims, so that file is a damaged one), and pictures that
// are each allowed but together too many or too large.
func TestConvertRefusesZipBombs(t *testing.T) {
	zeros := make([]byte, 30<<20)
	var deflated bytes.Buffer
	fw, _ := flate.NewWriter(&deflated, flate.BestCompression)
	fw.Write(zeros)
	fw.Close()

	honest := zipWith(t, func(zw *zip.Writer) {
		w, _ := zw.Create("word/document.xml")
		w.Write(zeros)
	})
	lying := zipWith(t, func(zw *zip.Writer) {
		w, err := zw.CreateRaw(&zip.FileHeader{
			Name:               "word/document.xml",
			Method:             zip.Deflate,
			CRC32:              0x12345678,
			CompressedSize64:   uint64(deflated.Len()),
			UncompressedSize64: 1000,
		})
		if err != nil {
			t.Fatal(err)
		}
		w.Write(deflated.Bytes())
	})
	if len(honest) > 100<<10 || len(lying) > 100<<10 {
		t.Fatalf("the bombs are %d and %d bytes, want small files", len(honest), len(lying))
	}

	img := pngImage(t)
	pictures := wordBytes(t, docxtest.File{
		Body: docxtest.P(``, docxtest.Picture("rId11", "một"), docxtest.Picture("rId12", "hai"), docxtest.Picture("rId13", "ba")),
		Rels: `<Relationship Id="rId11" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.png"/>` +
			`<Relationship Id="rId12" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image2.png"/>` +
			`<Relationship Id="rId13" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image3.png"/>`,
		Media: map[string][]byte{"image1.png": img, "image2.png": img, "image3.png": img},
	})
	all, err := docx.Convert(bytes.NewReader(pictures), int64(len(pictures)), docx.DefaultLimits)
	if err != nil || len(all.Images) != 3 {
		t.Fatalf("three pictures under the default limits: %v", err)
	}
	read := int64(0)
	zr, _ := zip.NewReader(bytes.NewReader(pictures), int64(len(pictures)))
	for _, f := range zr.File {
		if !strings.HasPrefix(f.Name, "word/media/") && f.Name != "[Content_Types].xml" && !strings.HasPrefix(f.Name, "docProps/") &&
			f.Name != "word/settings.xml" && f.Name != "word/fontTable.xml" {
			read += int64(f.UncompressedSize64)
		}
	}

	tests := []struct {
		name string
		file []byte
		lim  docx.Limits
		key  string
	}{
		{"document.xml over MaxPartBytes", honest, docx.DefaultLimits, docx.KeyTooLarge},
		{"a header that lies about the size", lying, docx.DefaultLimits, docx.KeyDamaged},
		{"more pictures than MaxImages", pictures, docx.Limits{MaxImages: 2}, docx.KeyTooLarge},
		{"pictures over MaxTotalBytes", pictures, docx.Limits{MaxTotalBytes: read + 2*int64(len(img)) + 1}, docx.KeyTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := docx.Convert(bytes.NewReader(tt.file), int64(len(tt.file)), tt.lim)
			if key := refusedKey(t, err); key != tt.key {
				t.Errorf("key %q, want %q (%v)", key, tt.key, err)
			}
		})
	}
}

func zipWith(t *testing.T, fill func(*zip.Writer)) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	fill(zw)
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// TestConvertMarkdown checks each kind of content on its own.
func TestConvertMarkdown(t *testing.T) {
	img := pngImage(t)
	tests := []conversion{
		{
			name: "headings by style name, localised id, outline level and base style",
			file: docxtest.File{Body: docxtest.P(``, docxtest.R("", "Mở đầu.")) +
				docxtest.P(docxtest.Style("Heading1"), docxtest.R("", "Một")) +
				docxtest.P(docxtest.Style("Heading2"), docxtest.R("", "Hai")) +
				docxtest.P(docxtest.Style("Heading3"), docxtest.R("", "Ba")) +
				docxtest.P(docxtest.Style("u4"), docxtest.R("", "Bốn")) +
				docxtest.P(docxtest.Style("Tieudemuc5"), docxtest.R("", "Năm")) +
				docxtest.P(docxtest.Style("Heading6"), docxtest.R("", "Sáu")) +
				docxtest.P(docxtest.Style("Mucnho"), docxtest.R("", "Mục nhỏ dựa trên Heading 2")) +
				docxtest.P(docxtest.Style("Heading5"), docxtest.R("", "Kiểu không có trong styles.xml")) +
				docxtest.P(`<w:outlineLvl w:val="2"/>`, docxtest.R("", "Mức đề cương trong đoạn")) +
				docxtest.P(docxtest.Style("Heading2"), docxtest.R("", "Dòng một"), `<w:r><w:br/></w:r>`, docxtest.R("", "dòng hai"))},
			want: "Mở đầu.\n\n## Một\n\n### Hai\n\n#### Ba\n\n#### Bốn\n\n#### Năm\n\n#### Sáu\n\n### Mục nhỏ dựa trên Heading 2\n\n" +
				"#### Kiểu không có trong styles.xml\n\n#### Mức đề cương trong đoạn\n\n### Dòng một dòng hai\n",
		},
		{
			name:  "Heading 1 first is the title",
			file:  docxtest.File{Body: docxtest.P(``) + docxtest.P(docxtest.Style("Heading1"), docxtest.R(docxtest.Bold, "Khu công nghiệp Minh Hưng – Hàn Quốc")) + docxtest.P(``, docxtest.R("", "Nội dung."))},
			title: "Khu công nghiệp Minh Hưng – Hàn Quốc",
			want:  "Nội dung.\n",
		},
		{
			name: "a Title that is not first stays in the body",
			file: docxtest.File{Body: docxtest.P(``, docxtest.R("", "Lời mở.")) + docxtest.P(docxtest.Style("Title"), docxtest.R("", "Tiêu đề")) + docxtest.P(docxtest.Style("Heading1"), docxtest.R("", "Mục"))},
			want: "Lời mở.\n\n## Tiêu đề\n\n## Mục\n",
		},
		{
			name: "a table first means no title",
			file: docxtest.File{Body: docxtest.Table([]string{"A", "B"}, []string{"1", "2"}) + docxtest.P(docxtest.Style("Title"), docxtest.R("", "Tiêu đề"))},
			want: "| A | B |\n|---|---|\n| 1 | 2 |\n\n## Tiêu đề\n",
		},
		{
			name: "bold and italic as Word writes them",
			file: docxtest.File{Body: docxtest.P(``,
				docxtest.R(docxtest.Bold, "đậm"), docxtest.R("", " "), docxtest.R(docxtest.Bold, "liền"), docxtest.R("", " và "),
				docxtest.R(docxtest.Bold+docxtest.Italic, "đậm nghiêng"), docxtest.R(docxtest.Bold, " rồi đậm"), docxtest.R("", ", "),
				docxtest.R(`<w:rStyle w:val="Strong"/>`, "Strong"), docxtest.R("", " "), docxtest.R(`<w:rStyle w:val="Emphasis"/>`, "Emphasis"), docxtest.R("", ", "),
				docxtest.R(`<w:rStyle w:val="Strong"/><w:b w:val="0"/>`, "tắt"), docxtest.R(`<w:i w:val="off"/>`, " thường"), docxtest.R(`<w:u w:val="single"/><w:color w:val="FF0000"/>`, " gạch chân"))},
			want: "**đậm liền** và ***đậm nghiêng* rồi đậm**, **Strong** *Emphasis*, tắt thường gạch chân\n",
		},
		{
			name: "lists through a list style, numId 0, level jumps and a change of kind",
			file: docxtest.File{Body: docxtest.P(docxtest.Style("ListBullet"), docxtest.R("", "Theo kiểu List Bullet")) +
				docxtest.P(docxtest.Style("ListBullet"), docxtest.R("", "Hai")) +
				docxtest.P(docxtest.Style("ListBullet")+`<w:numPr><w:ilvl w:val="0"/><w:numId w:val="0"/></w:numPr>`, docxtest.R("", "numId 0: không còn là danh sách")) +
				docxtest.P(docxtest.List(1, 1), docxtest.R("", "Bắt đầu ở mức 2")) +
				docxtest.P(docxtest.List(1, 0), docxtest.R("", "Về mức 1")) +
				docxtest.P(docxtest.List(1, 2), docxtest.R("", "Nhảy xuống mức 3")) +
				docxtest.P(docxtest.List(2, 1), docxtest.R("", "Đổi sang số")) +
				docxtest.P(docxtest.List(1, 0), docxtest.R("", "Cuối")) +
				docxtest.P(docxtest.List(2, 0), docxtest.R("", "Số ở mức 1"))},
			want: "- Theo kiểu List Bullet\n- Hai\n\nnumId 0: không còn là danh sách\n\n" +
				"- Bắt đầu ở mức 2\n- Về mức 1\n  - Nhảy xuống mức 3\n  1. Đổi sang số\n- Cuối\n\n1. Số ở mức 1\n",
		},
		{
			name: "an empty list paragraph collapses",
			file: docxtest.File{Body: docxtest.P(docxtest.List(1, 0), docxtest.R("", "Một")) + docxtest.P(docxtest.List(1, 0)) + docxtest.P(docxtest.List(1, 0), docxtest.R("", "Hai"))},
			want: "- Một\n- Hai\n",
		},
		{
			name: "tables: one cell, merged cells, a table in a cell, a deleted row, an empty row",
			file: docxtest.File{Body: `<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="9000"/></w:tblGrid><w:tr><w:tc><w:tcPr><w:tcW w:w="9000" w:type="dxa"/><w:shd w:val="clear" w:color="auto" w:fill="D9E2F3"/></w:tcPr>` +
				docxtest.P(docxtest.Style("Heading3"), docxtest.R("", "Khung")) + docxtest.P(``, docxtest.R("", "Nội dung trong khung.")) + `</w:tc></w:tr></w:tbl>` +
				`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>` +
				`<w:tr><w:tc><w:tcPr><w:gridSpan w:val="2"/></w:tcPr>` + docxtest.P(``, docxtest.R(docxtest.Bold, "Chỉ tiêu")) + `</w:tc><w:tc>` + docxtest.P(``, docxtest.R(docxtest.Bold, "Ghi chú")) + `</w:tc></w:tr>` +
				`<w:tr><w:tc><w:tcPr><w:vMerge w:val="restart"/></w:tcPr>` + docxtest.P(``, docxtest.R("", "Vốn")) + `</w:tc><w:tc>` + docxtest.P(``, docxtest.R("", "FDI")) + `</w:tc><w:tc>` +
				docxtest.Table([]string{"trong", "bảng"}) + `</w:tc></w:tr>` +
				`<w:tr><w:tc><w:tcPr><w:vMerge/></w:tcPr>` + docxtest.P(``) + `</w:tc><w:tc>` + docxtest.P(``, docxtest.R("", "DDI")) + `</w:tc><w:tc>` + docxtest.P(docxtest.List(1, 0), docxtest.R("", "danh sách")) + `</w:tc></w:tr>` +
				`<w:tr><w:trPr><w:del w:id="20" w:author="An" w:date="2024-03-05T09:12:00Z"/></w:trPr><w:tc>` + docxtest.P(``, docxtest.R("", "dòng đã xóa")) + `</w:tc><w:tc>` + docxtest.P(``) + `</w:tc><w:tc>` + docxtest.P(``) + `</w:tc></w:tr>` +
				`<w:tr><w:tc>` + docxtest.P(``) + `</w:tc><w:tc>` + docxtest.P(``) + `</w:tc><w:tc>` + docxtest.P(``) + `</w:tc></w:tr>` +
				`</w:tbl>`},
			want: "#### Khung\n\nNội dung trong khung.\n\n| Chỉ tiêu |  | Ghi chú |\n|---|---|---|\n| Vốn | FDI | **trong bảng** |\n|  | DDI | danh sách |\n",
		},
		{
			name: "links: fields, unsafe schemes, internal anchors, addresses written as text",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.Field(`HYPERLINK "https://binhphuoc.gov.vn/tin_tuc" \o "Mở trang"`, docxtest.R(`<w:rStyle w:val="Hyperlink"/>`, "tin tức")), docxtest.R("", "; "),
					`<w:fldSimple w:instr=" HYPERLINK &quot;mailto:sokhdt@binhphuoc.gov.vn&quot; "><w:r><w:t>thư</w:t></w:r></w:fldSimple>`, docxtest.R("", "; "),
					docxtest.Field(`HYPERLINK \l "_Toc1"`, docxtest.R("", "mục lục")), docxtest.R("", "; "),
					`<w:hyperlink r:id="rId20">`, docxtest.R("", "tệp"), `</w:hyperlink>`, docxtest.R("", "; "),
					`<w:hyperlink r:id="rId21">`, docxtest.R("", "mã"), `</w:hyperlink>`) +
					docxtest.P(``, docxtest.R("", "Xem https://binhphuoc.gov.vn/dau_tu/ (mục 2), www.binhphuoc.gov.vn. Hỏi nguyen_van_an@binhphuoc.gov.vn.")),
				Rels: docxtest.LinkRel("rId20", "file:///C:/Users/An/bao_cao.docx") + docxtest.LinkRel("rId21", "javascript:alert(1)"),
			},
			want: "[tin tức](https://binhphuoc.gov.vn/tin_tuc); [thư](mailto:sokhdt@binhphuoc.gov.vn); mục lục; tệp; mã\n\n" +
				"Xem [https://binhphuoc.gov.vn/dau\\_tu/](https://binhphuoc.gov.vn/dau_tu/) (mục 2), [www.binhphuoc.gov.vn](http://www.binhphuoc.gov.vn). Hỏi [nguyen\\_van\\_an@binhphuoc.gov.vn](mailto:nguyen_van_an@binhphuoc.gov.vn).\n",
		},
		{
			name: "field codes, hidden text, a reference to a note not in the file and symbol-font characters are dropped",
			file: docxtest.File{Body: docxtest.P(``, docxtest.R("", "Trang "), docxtest.Field("PAGE", docxtest.R("", "3")), docxtest.R("", " của "), docxtest.Field(`NUMPAGES \* Arabic`, docxtest.R("", "12")),
				docxtest.R(`<w:vanish/>`, " ẩn"), docxtest.R("", "."),
				`<w:r><w:rPr><w:rStyle w:val="FootnoteReference"/></w:rPr><w:footnoteReference w:id="1"/></w:r>`,
				docxtest.R("", "\uf0b7 Kết thúc"))},
			want: "Trang 3 của 12. Kết thúc\n",
		},
		{
			name: "nested fields",
			file: docxtest.File{Body: docxtest.P(``,
				`<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText xml:space="preserve"> IF </w:instrText></w:r>`,
				docxtest.Field("PAGE", docxtest.R("", "1")),
				`<w:r><w:instrText xml:space="preserve"> = 1 "Trang đầu" "" </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>`,
				docxtest.R("", "Trang đầu"), `<w:r><w:fldChar w:fldCharType="end"/></w:r>`,
				docxtest.R("", ": "), docxtest.Field(`HYPERLINK "https://binhphuoc.gov.vn"`, docxtest.R("", "cổng "), docxtest.Field("DATE", docxtest.R("", "28/11/2026")), docxtest.R("", " tỉnh")))},
			want: "Trang đầu: [cổng 28/11/2026 tỉnh](https://binhphuoc.gov.vn)\n",
		},
		{
			name: "tracked changes: insertions and moves kept, deletions dropped",
			file: docxtest.File{Body: docxtest.P(``, docxtest.R("", "Giữ "),
				`<w:ins w:id="1" w:author="An" w:date="2024-03-05T09:12:00Z">`, docxtest.R("", "chèn "), `</w:ins>`,
				`<w:del w:id="2" w:author="An" w:date="2024-03-05T09:12:00Z"><w:r><w:delText>xóa </w:delText></w:r></w:del>`,
				`<w:moveFrom w:id="3" w:author="An" w:date="2024-03-05T09:12:00Z">`, docxtest.R("", "chuyển đi "), `</w:moveFrom>`,
				`<w:moveTo w:id="4" w:author="An" w:date="2024-03-05T09:12:00Z">`, docxtest.R("", "chuyển đến"), `</w:moveTo>`)},
			want: "Giữ chèn chuyển đến\n",
		},
		{
			name: "decomposed Vietnamese becomes NFC",
			file: docxtest.File{Body: docxtest.P(``, docxtest.R("", "Tie\u0302\u0300m na\u0306ng đa\u0302\u0300u tu\u031b"), docxtest.R(docxtest.Bold, "\u0301"))},
			want: "Tiềm năng đầu tứ\n",
		},
		{
			name: "text that looks like Markdown or HTML stays text",
			file: docxtest.File{Body: docxtest.P(``, docxtest.R("", "1. Không phải danh sách")) +
				docxtest.P(``, docxtest.R("", "- Cũng không")) +
				docxtest.P(``, docxtest.R("", "> Không trích dẫn")) +
				docxtest.P(``, docxtest.R("", "Bản quyền &copy; và &#169; <b>không đậm</b> ~~không gạch~~")) +
				docxtest.P(``, docxtest.R("", "===")) +
				docxtest.P(``, docxtest.R("", "Dòng"), `<w:r><w:br/></w:r>`, docxtest.R("", "---"))},
			want: "1\\. Không phải danh sách\n\n\\- Cũng không\n\n&gt; Không trích dẫn\n\n" +
				"Bản quyền &amp;copy; và &amp;#169; &lt;b&gt;không đậm&lt;/b&gt; \\~\\~không gạch\\~\\~\n\n===\n\nDòng  \n\\---\n",
		},
		{
			name: "content controls, smart tags and markup-compatibility blocks",
			file: docxtest.File{Body: `<w:sdt><w:sdtPr><w:id w:val="-1471129470"/><w:placeholder><w:docPart w:val="DefaultPlaceholder_-1854013440"/></w:placeholder></w:sdtPr><w:sdtContent>` +
				docxtest.P(``, docxtest.R("", "Trong điều khiển nội dung")) + `</w:sdtContent></w:sdt>` +
				docxtest.P(``, `<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">`, docxtest.R("", "Đồng Xoài"), `</w:smartTag>`,
					`<w:sdt><w:sdtContent>`, docxtest.R("", ", Bình Phước"), `</w:sdtContent></w:sdt>`,
					`<mc:AlternateContent><mc:Choice Requires="w14">`, docxtest.R("", "."), `</mc:Choice><mc:Fallback>`, docxtest.R("", " (bản cũ)"), `</mc:Fallback></mc:AlternateContent>`)},
			want: "Trong điều khiển nội dung\n\nĐồng Xoài, Bình Phước.\n",
		},
		{
			name: "pictures: repeated, linked, VML and missing",
			file: docxtest.File{
				Body: docxtest.P(``, docxtest.Picture("rId11", "Cổng KCN")) +
					docxtest.P(``, docxtest.R("", "Lại: "), docxtest.Picture("rId11", "Cổng KCN (lần hai)")) +
					docxtest.P(``, `<w:hyperlink r:id="rId13">`, docxtest.Picture("rId12", "Logo"), `</w:hyperlink>`) +
					docxtest.P(``, `<w:r><w:pict><v:shape id="_x0000_i1025" type="#_x0000_t75" alt="Bản đồ" style="width:300pt;height:200pt"><v:imagedata r:id="rId14" o:title="map"/></v:shape></w:pict></w:r>`) +
					docxtest.P(``, docxtest.R("", "Ảnh thiếu: "), docxtest.Picture("rId15", "Không có")),
				Rels: docxtest.ImageRel("rId11", "media/image1.png") + docxtest.ImageRel("rId12", "/word/media/image2.png") + docxtest.LinkRel("rId13", "https://binhphuoc.gov.vn") +
					docxtest.ImageRel("rId14", "media/image3.png") + docxtest.ImageRel("rId15", "media/image9.png"),
				Media: map[string][]byte{"image1.png": img, "image2.png": img, "image3.png": img},
			},
			want: "![Cổng KCN](docx-image-1)\n\nLại: ![Cổng KCN (lần hai)](docx-image-1)\n\n[![Logo](docx-image-2)](https://binhphuoc.gov.vn)\n\n![Bản đồ](docx-image-3)\n\nẢnh thiếu:\n",
		},
		{
			name: "Strict Open XML",
			file: docxtest.File{Strict: true,
				Body:  docxtest.P(docxtest.Style("Heading2"), docxtest.R("", "Mục")) + docxtest.P(``, docxtest.R(docxtest.Bold, "Đậm"), docxtest.R("", " và "), `<w:hyperlink r:id="rId20">`, docxtest.R("", "liên kết"), `</w:hyperlink>`, docxtest.Picture("rId11", "Ảnh")),
				Rels:  docxtest.LinkRel("rId20", "https://binhphuoc.gov.vn") + docxtest.ImageRel("rId11", "media/image1.png"),
				Media: map[string][]byte{"image1.png": img},
			},
			want: "### Mục\n\n**Đậm** và [liên kết](https://binhphuoc.gov.vn)![Ảnh](docx-image-1)\n",
		},
		{
			name: "an empty document",
			file: docxtest.File{Body: docxtest.P(``) + docxtest.P(``, `<w:r><w:br w:type="page"/></w:r>`)},
			want: "",
		},
	}
	checkConversions(t, tests)
}

// BenchmarkConvert reads a long report: 2,000 paragraphs with formatting,
// lists and a table every hundred paragraphs.
func BenchmarkConvert(b *testing.B) {
	var body strings.Builder
	for i := range 2000 {
		switch {
		case i%100 == 0:
			body.WriteString(docxtest.P(docxtest.Style("Heading2"), docxtest.R("", fmt.Sprintf("Mục %d", i/100+1))))
			body.WriteString(docxtest.Table([]string{"Năm", "Vốn FDI", "Ghi chú"}, []string{"2023", "830", "Cao | Thấp"}, []string{"2024", "1.050", "Tăng"}))
		case i%10 < 3:
			body.WriteString(docxtest.P(docxtest.List(1, i%2), docxtest.R("", "Khu công nghiệp "), docxtest.R(docxtest.Bold, "Minh Hưng"), docxtest.R("", " – Hàn Quốc: 193 ha, đã lấp đầy 100%.")))
		default:
			body.WriteString(docxtest.P(``, docxtest.R("", "Tỉnh Bình Phước có "), docxtest.R(docxtest.Italic, "tiềm năng"), docxtest.R("", " lớn về đầu tư: quỹ đất rộng, giao thông thuận lợi, "+
				"chính sách ưu đãi *hấp dẫn* và nguồn lao động dồi dào; xem https://binhphuoc.gov.vn/dau_tu để biết thêm.")))
		}
	}
	file := wordBytes(b, docxtest.File{Body: body.String()})
	b.SetBytes(int64(len(file)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := docx.Convert(bytes.NewReader(file), int64(len(file)), docx.DefaultLimits); err != nil {
			b.Fatal(err)
		}
	}
}

// What the draft cannot keep is counted, so the import can say so: a text
// box (written twice by Word, once for old versions), a comment and an
// equation. A footnote is kept, so it is not counted.
func TestLeftOutIsCounted(t *testing.T) {
	body := docxtest.P(``, docxtest.R("", "Đoạn có ghi chú"), `<w:r><w:commentReference w:id="0"/></w:r>`, docxtest.FootnoteRef(1)) +
		docxtest.P(``, `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice>`+
			`<mc:Fallback><w:pict><v:textbox><w:txbxContent><w:p><w:r><w:t>Trong khung</w:t></w:r></w:p></w:txbxContent></v:textbox></w:pict></mc:Fallback></mc:AlternateContent></w:r>`) +
		docxtest.P(``, `<m:oMath><m:r><m:t>x=1</m:t></m:r></m:oMath>`)
	b := wordBytes(t, docxtest.File{Body: body, Footnotes: docxtest.Footnote(1, docxtest.R("", "Nguồn: Cục Thống kê."))})
	doc, err := docx.Convert(bytes.NewReader(b), int64(len(b)), docx.DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if want := (docx.LeftOut{TextBoxes: 1, Comments: 1, Equations: 1}); doc.LeftOut != want {
		t.Errorf("left out: %+v, want %+v", doc.LeftOut, want)
	}
	if !strings.Contains(doc.Markdown, "Đoạn có ghi chú[^1]") {
		t.Errorf("the text around them is lost: %q", doc.Markdown)
	}
}

// conversion is a Word file and the draft it must make.
type conversion struct {
	name  string
	file  docxtest.File
	title string
	want  string
}

// checkConversions converts each file and compares its title and Markdown.
func checkConversions(t *testing.T, tests []conversion) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := convert(t, wordBytes(t, tt.file))
			if doc.Title != tt.title {
				t.Errorf("Title = %q, want %q", doc.Title, tt.title)
			}
			if doc.Markdown != tt.want {
				t.Errorf("Markdown:\n%s\nwant:\n%s", doc.Markdown, tt.want)
			}
		})
	}
}
