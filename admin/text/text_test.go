package text_test

import (
	"encoding/xml"
	"html"
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"portal/admin/text"
)

func TestSlug(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"city", "Đồng Xoài", "dong-xoai"},
		{"lower d", "đường đi", "duong-di"},
		{"nfd input", norm.NFD.String("Bình Phước"), "binh-phuoc"},
		{"punctuation", "Hạt điều: “thủ phủ” 2023!", "hat-dieu-thu-phu-2023"},
		{"dashes and spaces", "  Văn hóa – Con người  ", "van-hoa-con-nguoi"},
		{"no letters", "— ? —", ""},
		{"english", "Bình Phước's FDI in 2023", "binh-phuoc-s-fdi-in-2023"},
		{"all tones", "ả ã á ạ à ă ắ ằ ẳ ẵ ặ â ấ ầ ẩ ẫ ậ ơ ư", "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-o-u"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := text.Slug(tt.in); got != tt.want {
				t.Errorf("Slug(%q) = %q, want %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestSlugLengthCutsAtWord(t *testing.T) {
	long := strings.Repeat("Khu công nghiệp ", 20)
	s := text.Slug(long)
	if len(s) > 80 || strings.HasSuffix(s, "-") || !text.ValidSlug(s) {
		t.Fatalf("Slug of a long title = %q (%d bytes)", s, len(s))
	}
	if !strings.HasSuffix(s, "nghiep") && !strings.HasSuffix(s, "cong") && !strings.HasSuffix(s, "khu") {
		t.Errorf("slug %q is cut inside a word", s)
	}
}

func TestFoldMatchesWithAndWithoutDiacritics(t *testing.T) {
	for _, s := range []string{"Đồng Xoài", "ĐỒNG XOÀI", "dong xoai", norm.NFD.String("Đồng Xoài")} {
		if got := text.Fold(s); got != "dong xoai" {
			t.Errorf("Fold(%q) = %q", s, got)
		}
	}
}

func TestNFC(t *testing.T) {
	d := norm.NFD.String("Phước")
	if d == "Phước" {
		t.Fatal("test input is not decomposed")
	}
	if got := text.NFC(d); got != "Phước" {
		t.Errorf("NFC(%q) = %q", d, got)
	}
}

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"dong-xoai": true, "a1": true, "": false, "-a": false, "a-": false,
		"a--b": false, "Dong": false, "đ": false, "a b": false,
	} {
		if got := text.ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestTruncate(t *testing.T) {
	for _, tc := range []struct {
		in   string
		n    int
		want string
	}{{"Đồng Xoài", 4, "Đồng"}, {"abc", 5, "abc"}, {"", 2, ""}, {"ươ", 1, "ư"}} {
		if got := text.Truncate(tc.in, tc.n); got != tc.want {
			t.Errorf("Truncate(%q, %d) = %q, want %q", tc.in, tc.n, got, tc.want)
		}
	}
}

// Every control character a keyboard, a paste or a script can put in a
// text is gone once cleaned, line breaks end up as "\n", and whatever is
// left is well-formed XML.
func TestCleanRemovesWhatBreaksFeeds(t *testing.T) {
	for _, tc := range []struct{ in, block, line string }{
		{"Tiêu\x00 đề\x07\x1b[31m", "Tiêu đề[31m", "Tiêu đề[31m"},
		{"a\x7fb\u0085c\u009bd", "abcd", "abcd"},
		{"\ufeffĐồng Xoài", "Đồng Xoài", "Đồng Xoài"},
		{"một\r\nhai\rba\u2028bốn", "một\nhai\nba\nbốn", "một hai ba bốn"},
		{"tab\there", "tab\there", "tab here"},
		{"bad \xff\xfe utf-8 \uffff\ufdd0", "bad  utf-8 ", "bad  utf-8"},
		{norm.NFD.String("Bình Phước"), "Bình Phước", "Bình Phước"},
		{"  dòng 1 \n\n dòng 2  ", "  dòng 1 \n\n dòng 2  ", "dòng 1 dòng 2"},
	} {
		if got := text.Block(tc.in); got != tc.block {
			t.Errorf("Block(%q) = %q, want %q", tc.in, got, tc.block)
		}
		if got := text.Line(tc.in); got != tc.line {
			t.Errorf("Line(%q) = %q, want %q", tc.in, got, tc.line)
		}
	}
}

func FuzzBlock(f *testing.F) {
	for _, s := range []string{"Đồng Xoài", "a\x00b\r\nc", "\ufeff\u2028\xff", "<b>&amp;</b>"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := text.Block(s)
		if text.Block(b) != b {
			t.Fatalf("Block is not stable on %q", s)
		}
		if text.XMLSafe(b) != b {
			t.Fatalf("Block(%q) = %q still has what XML refuses", s, b)
		}
		var v struct {
			X string `xml:"x"`
		}
		if err := xml.Unmarshal([]byte("<r><x>"+html.EscapeString(b)+"</x></r>"), &v); err != nil {
			t.Fatalf("Block(%q) = %q is not well-formed XML: %v", s, b, err)
		}
		if strings.ContainsRune(text.Line(s), '\n') {
			t.Fatalf("Line(%q) has a line break", s)
		}
	})
}

// A cell a spreadsheet would run as a formula is kept as text; numbers
// stay numbers; control characters never reach the file.
func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")",
		"  =1+1":            "'  =1+1",
		"\t@SUM(A1)":        "'\t@SUM(A1)",
		"+84 271 3879 000":  "'+84 271 3879 000",
		"-5":                "-5",
		"+84":               "+84",
		"Bình Phước":        "Bình Phước",
		"a\x00b\x07c\r\nd":  "abc\nd",
		"":                  "",
	} {
		if got := text.CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestBlank(t *testing.T) {
	for s, want := range map[string]bool{"": true, " \t\n": true, "\u200b": true, "\u00a0\u200d": true, "a": false, " Ảnh ": false} {
		if got := text.Blank(s); got != want {
			t.Errorf("Blank(%q) = %v, want %v", s, got, want)
		}
	}
}
