package ninjs_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"portal/admin"
	"portal/admin/ninjs"
)

const base = "https://example.test/"

const geoJSON = "https://geojson.org/schema/GeoJSON.json"

var siteRights = ninjs.Rights{Holder: "Ủy ban nhân dân tỉnh", LicenceName: "CC BY 4.0", LicenceURL: "https://creativecommons.org/licenses/by/4.0/"}

func published(id int64, lang, slug string, at time.Time) *admin.Published {
	area := map[string]admin.AreaName{"vi": {Name: "Du lịch", Slug: "du-lich"}, "en": {Name: "Tourism", Slug: "tourism"}}[lang]
	return &admin.Published{ArticleID: id, Kind: admin.KindNews, AreaKey: "tourism", Area: area, UnitName: "Sở Du lịch",
		Translation: admin.Translation{ArticleID: id, Lang: lang, Title: "Title " + slug, Slug: slug, Summary: "Summary of " + slug,
			Body: "Text of " + slug + ".", Tags: []string{"lake"}, Version: 4, LiveVersion: 3,
			PublishedAt: at, UpdatedAt: at.Add(time.Hour)}}
}

func picture(id int64, licence string) *admin.Media {
	return &admin.Media{ID: id, FileName: fmt.Sprintf("pic-%d.jpg", id), MIME: "image/jpeg", Format: "jpeg", Width: 800, Height: 600,
		Bytes: 5, SHA256: fmt.Sprintf("sum%d", id), Credit: "Photographer", Licence: licence,
		Texts: map[string]admin.MediaText{"en": {Alt: "A lake", Caption: "The lake"}, "vi": {Alt: "Mặt hồ", Caption: "Hồ"}}}
}

func schema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	// The schema refers to GeoJSON for the geometry of places, which the
	// documents never have; any value stands in for it, so the test needs
	// no network.
	if err := c.AddResource(geoJSON, true); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(filepath.Join("testdata", "ninjs-schema_2.2.json"))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestDocument(t *testing.T) {
	at := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	en := published(7, "en", "suoi-lam", at)
	vi := published(7, "vi", "suoi-lam-vi", at)
	same, other := picture(1, "cc-by-4.0"), picture(2, "all-rights-reserved")
	en.Translation.Body = "See [about](/en/about/), [x](https://example.org/).\n\n![lake](/media/1/pic-1.jpg)\n\n![b](/media/2/pic-2.jpg)\n"
	doc, err := ninjs.Document(base, en, []*admin.Published{en, vi}, []*admin.Media{same, other}, siteRights)
	if err != nil {
		t.Fatal(err)
	}
	page := "https://example.test/en/tourism/suoi-lam/"
	checks := []struct {
		name      string
		got, want any
	}{
		{"uri", doc.URI, "urn:portal:article:7:en"},
		{"type", doc.Type, "text"},
		{"version is the live one", doc.Version, "3"},
		{"firstcreated", doc.FirstCreated, "2024-05-01T08:00:00Z"},
		{"versioncreated", doc.VersionCreated, "2024-05-01T09:00:00Z"},
		{"language", doc.Language, "en"},
		{"headline", doc.Headlines, []ninjs.Text{{Role: "main", Value: "Title suoi-lam"}}},
		{"summary", doc.Descriptions, []ninjs.Text{{Role: "summary", ContentType: "text/plain", Value: "Summary of suoi-lam"}}},
		{"page address", doc.AltIDs, []ninjs.AltID{{Role: "url", Value: page}}},
		{"holder", doc.CopyrightHolder, "Ủy ban nhân dân tỉnh"},
		{"usage terms", doc.UsageTerms, "CC BY 4.0 https://creativecommons.org/licenses/by/4.0/"},
		{"subjects", fmt.Sprint(doc.Subjects), fmt.Sprint([]ninjs.Subject{{Name: "Tourism", Rel: "area", Literal: "tourism", URI: base + "en/tourism/"}, {Name: "lake", Rel: "tag"}})},
		{"associations", len(doc.Associations), 3},
	}
	for _, c := range checks {
		if fmt.Sprint(c.got) != fmt.Sprint(c.want) {
			t.Errorf("%s: %v, want %v", c.name, c.got, c.want)
		}
	}
	body := doc.Bodies[0]
	for _, want := range []string{`href="https://example.test/en/about/"`, `href="https://example.org/"`, `src="` + page + `media/1/pic-1.jpg"`, `alt="lake"`} {
		if !strings.Contains(body.Value, want) || body.ContentType != "text/html" || body.Role != "main" {
			t.Errorf("body lacks %s: %+v", want, body)
		}
	}

	pic := doc.Associations[0]
	r := pic.Renditions[0]
	if pic.Type != "picture" || r.Href != page+"media/1/pic-1.jpg" || r.Width != 800 || r.Height != 600 || r.ContentType != "image/jpeg" ||
		pic.Descriptions[0].Value != "A lake" || pic.By != "Photographer" {
		t.Errorf("picture association %+v", pic)
	}
	if pic.UsageTerms != "" {
		t.Errorf("a picture under the site's licence repeats it: %q", pic.UsageTerms)
	}
	if got := doc.Associations[1].UsageTerms; got != "All rights reserved" || doc.Associations[1].RightsInfo != nil {
		t.Errorf("a picture under its own licence has terms %q", got)
	}
	tr := doc.Associations[2]
	if tr.URI != "urn:portal:article:7:vi" || tr.Language != "vi" || tr.Renditions[0].Href != base+"vi/api/articles/7.json" ||
		tr.AltIDs[0].Value != base+"vi/du-lich/suoi-lam-vi/" {
		t.Errorf("translation association %+v", tr)
	}

	b, _ := json.Marshal(doc)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	sch := schema(t)
	if err := sch.Validate(inst); err != nil {
		t.Errorf("not valid ninjs 2.2: %v\n%s", err, b)
	}
	// The schema admits only its own properties.
	if err := sch.Validate(map[string]any{"uri": doc.URI, "link": page}); err == nil {
		t.Error("the schema accepts a property it does not define")
	}
}

func TestIndexPages(t *testing.T) {
	at := time.Date(2024, 1, 1, 0, 0, 0, 0, time.UTC)
	var list []*admin.Published
	for i := range 121 {
		list = append(list, published(int64(121-i), "vi", fmt.Sprint("a", 121-i), at.Add(time.Duration(121-i)*time.Hour)))
	}
	tests := []struct {
		name  string
		list  []*admin.Published
		sizes []int // the index, then archive pages 1, 2...
	}{
		{"none", nil, []int{0}},
		{"a full index", list[71:], []int{50}},
		{"one more: a new archive page", list[70:], []int{1, 50}},
		{"121 articles", list, []int{21, 50, 50}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			pages := ninjs.Index(base, "vi", tc.list)
			if len(pages) != len(tc.sizes) {
				t.Fatalf("%d pages, want %d", len(pages), len(tc.sizes))
			}
			if pages[0].Total != len(tc.list) {
				t.Errorf("index total %d, want %d", pages[0].Total, len(tc.list))
			}
			for i, pg := range pages {
				if len(pg.Items) != tc.sizes[i] {
					t.Errorf("page %d: %d items, want %d", i, len(pg.Items), tc.sizes[i])
				}
				wantNext := ""
				switch {
				case i == 0 && len(pages) > 1:
					wantNext = fmt.Sprintf("%svi/api/page-%d.json", base, len(pages)-1)
				case i > 1:
					wantNext = fmt.Sprintf("%svi/api/page-%d.json", base, i-1)
				}
				if pg.Next != wantNext {
					t.Errorf("page %d: next %q, want %q", i, pg.Next, wantNext)
				}
			}
			if len(tc.list) > 0 && pages[0].Items[0].URL != fmt.Sprintf("%svi/api/articles/%d.json", base, tc.list[0].ArticleID) {
				t.Errorf("first item %+v", pages[0].Items[0])
			}
		})
	}
	// A new article changes the index alone: every archive page stays.
	before, after := ninjs.Index(base, "vi", list[1:]), ninjs.Index(base, "vi", list)
	for j := 1; j < len(before); j++ {
		if fmt.Sprint(before[j]) != fmt.Sprint(after[j]) {
			t.Errorf("archive page %d changed when an article was added", j)
		}
	}
}

// TestWrite writes the API of two languages: the index is newest first,
// an article without an area page is left out, and the picture a
// document points at is put into the build.
func TestWrite(t *testing.T) {
	dir, media := t.TempDir(), t.TempDir()
	pic := picture(3, "cc-by-4.0")
	if err := os.WriteFile(filepath.Join(media, pic.StoredName()), []byte("12345"), 0o644); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	old, recent := published(1, "en", "old", at), published(2, "en", "recent", at.Add(time.Hour))
	recent.Translation.Body = "![lake](/media/3/pic-3.jpg)\n\n![again](/media/3/pic-3.jpg)\n"
	noArea := published(3, "en", "nowhere", at)
	noArea.Area.Slug = ""
	st, err := ninjs.Write(context.Background(), dir, ninjs.Site{BaseURL: "https://example.test", Languages: []string{"vi", "en"},
		Published: []*admin.Published{old, recent, noArea}, Library: map[int64]*admin.Media{3: pic}, MediaDir: media,
		Rights: map[string]ninjs.Rights{"en": siteRights}})
	if err != nil {
		t.Fatal(err)
	}
	if st.Documents != 2 || st.Pages != 2 || st.Pictures != 1 { // an index per language
		t.Errorf("stats %+v", st)
	}
	var idx ninjs.IndexPage
	b, err := os.ReadFile(filepath.Join(dir, "en", "api", "index.json"))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(b, &idx); err != nil {
		t.Fatal(err)
	}
	if idx.Total != 2 || len(idx.Items) != 2 || idx.Items[0].URI != "urn:portal:article:2:en" || idx.Items[1].URI != "urn:portal:article:1:en" {
		t.Errorf("en index %s", b)
	}
	if b, err := os.ReadFile(filepath.Join(dir, "vi", "api", "index.json")); err != nil || !strings.Contains(string(b), `"items": []`) {
		t.Errorf("vi index %s, %v", b, err)
	}
	if _, err := os.Stat(filepath.Join(dir, "en", "api", "articles", "3.json")); !os.IsNotExist(err) {
		t.Errorf("an article without a page has a document")
	}
	var doc ninjs.Item
	b, _ = os.ReadFile(filepath.Join(dir, "en", "api", "articles", "2.json"))
	if err := json.Unmarshal(b, &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Associations) != 1 {
		t.Fatalf("a picture shown twice is %d associations", len(doc.Associations))
	}
	href := doc.Associations[0].Renditions[0].Href
	if got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(strings.TrimPrefix(href, "https://example.test/")))); err != nil || string(got) != "12345" {
		t.Errorf("the picture at %s: %q, %v", href, got, err)
	}
}
