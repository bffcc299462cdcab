package admin

import (
	"fmt"
	"portal/admin/text"
	"strconv"
	"strings"
	"time"
)

// Media is a picture in the media library. The file is checked by its
// content and cleaned of metadata when it is uploaded; it never changes
// afterwards (a new picture is a new item). Its texts are per language,
// because readers in each language need their own description.
type Media struct {
	ID int64
	// FileName is the last segment of the picture's path: the uploaded
	// name folded to a slug, with the extension of its real format.
	FileName     string
	OriginalName string
	Format       string // "jpeg", "png" or "webp"
	MIME         string
	Width        int
	Height       int
	Bytes        int64
	SHA256       string
	// Credit names who made the picture ("Ảnh: Báo Bình Phước").
	Credit string
	// Licence is the key of one of Licences.
	Licence    string
	UnitID     int64
	UploadedBy int64
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Texts holds the alternative text and caption per language code.
	Texts map[string]MediaText
}

// MediaText is what readers of one language are told about a picture.
type MediaText struct {
	// Alt says what the picture shows, for readers who cannot see it.
	Alt string
	// Caption is printed under the picture.
	Caption string
}

// Path is where the picture is found: the destination an article's
// Markdown uses for it, and the path of its copy in a page bundle.
func (m *Media) Path() string { return MediaPath(m.ID, m.FileName) }

// FormatExt gives the file name extension of each picture format the
// library keeps.
var FormatExt = map[string]string{"jpeg": ".jpg", "png": ".png", "webp": ".webp"}

// MediaPath is the path of media item id with the given file name.
func MediaPath(id int64, name string) string { return fmt.Sprintf("/media/%d/%s", id, name) }

// ParseMediaPath reads the id and file name from a media path; ok is false
// when dest is not one (another site's address, a relative path).
func ParseMediaPath(dest string) (id int64, name string, ok bool) {
	rest, found := strings.CutPrefix(dest, "/media/")
	if !found {
		return 0, "", false
	}
	idText, name, found := strings.Cut(rest, "/")
	if !found || name == "" || strings.ContainsAny(name, "/\\") || name == "." || name == ".." {
		return 0, "", false
	}
	id, err := strconv.ParseInt(idText, 10, 64)
	if err != nil || id <= 0 {
		return 0, "", false
	}
	return id, name, true
}

// Missing returns what lang's readers still lack for this picture: "alt",
// "caption", "credit", "licence", in that order.
func (m *Media) Missing(lang string) []string {
	var miss []string
	t := m.Texts[lang]
	if text.Blank(t.Alt) {
		miss = append(miss, "alt")
	}
	if text.Blank(t.Caption) {
		miss = append(miss, "caption")
	}
	if text.Blank(m.Credit) {
		miss = append(miss, "credit")
	}
	if LicenceByKey(m.Licence) == nil {
		miss = append(miss, "licence")
	}
	return miss
}

// Licence is a licence under which the province lets others reuse a
// picture.
type Licence struct {
	Key  string
	Name string // its short, language-independent name
	URL  string // the licence text; "" when there is none to link
}

// Licences lists the licences a picture may carry, most open first.
var Licences = []Licence{
	{Key: "cc-by-4.0", Name: "CC BY 4.0", URL: "https://creativecommons.org/licenses/by/4.0/"},
	{Key: "cc-by-sa-4.0", Name: "CC BY-SA 4.0", URL: "https://creativecommons.org/licenses/by-sa/4.0/"},
	{Key: "cc0-1.0", Name: "CC0 1.0", URL: "https://creativecommons.org/publicdomain/zero/1.0/"},
	{Key: "all-rights-reserved", Name: "©", URL: ""},
}

// LicenceByKey returns the licence with key, or nil.
func LicenceByKey(key string) *Licence {
	for i := range Licences {
		if Licences[i].Key == key {
			return &Licences[i]
		}
	}
	return nil
}

// StoredName is the name of the picture's file in the data folder: its
// checksum and extension, so the same bytes are stored once whatever the
// picture is called.
func (m *Media) StoredName() string {
	ext := m.Format
	if ext == "jpeg" {
		ext = "jpg"
	}
	return m.SHA256 + "." + ext
}
