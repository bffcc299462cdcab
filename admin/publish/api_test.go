package publish_test

import (
	"bytes"
	"context"
	"encoding/json"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"

	"portal/admin"
	"portal/admin/editorial"
	"portal/admin/ninjs"
)

// apiDoc is what the test reads of a ninjs document.
type apiDoc struct {
	URI          string `json:"uri"`
	Language     string `json:"language"`
	Associations []struct {
		Name       string `json:"name"`
		URI        string `json:"uri"`
		Type       string `json:"type"`
		Renditions []struct {
			Href   string `json:"href"`
			Width  int    `json:"width"`
			Height int    `json:"height"`
		} `json:"renditions"`
	} `json:"associations"`
}

// TestJSONAPI publishes the demo with one more article that shows a
// library picture, one under embargo and one demo article taken down, and
// reads the built site's JSON API as a client would: every document is
// valid ninjs 2.2; each language's index, page after page, lists exactly
// the translations readers may see; every association leads to a document
// or a file of the site; nothing embargoed or taken down is there.
func TestJSONAPI(t *testing.T) {
	ctx := context.Background()
	db, pub, data := setup(t, "")
	pic := addPicture(t, db, pub.MediaDir(), 1200, 800)
	ed, w, d := newsroom(t, db, nil)
	write := func(area string, kind admin.Kind, texts map[string]editorial.TranslationInput, approve editorial.TransitionInput, publish bool) int64 {
		t.Helper()
		a := &admin.Article{ID: draft(t, ed, w, area, kind, texts)}
		for lang := range texts {
			steps := []struct {
				who    editorial.Actor
				action string
				in     editorial.TransitionInput
			}{{w, "submit", editorial.TransitionInput{}}, {d, "approve", approve}}
			if publish {
				steps = append(steps, struct {
					who    editorial.Actor
					action string
					in     editorial.TransitionInput
				}{d, "publish", editorial.TransitionInput{}})
			}
			for _, s := range steps {
				if _, err := ed.Transition(ctx, s.who, a.ID, lang, s.action, s.in); err != nil {
					t.Fatalf("%s %s: %v", lang, s.action, err)
				}
			}
		}
		return a.ID
	}
	withPicture := write("tourism", admin.KindNews, map[string]editorial.TranslationInput{
		"vi": {Title: "Hồ Suối Lam trong API", Summary: "Tóm tắt.", Body: "Mở đầu.\n\n![ảnh hồ](" + pic.Path() + ")\n"},
		"en": {Title: "Suoi Lam lake in the API", Summary: "Summary.", Body: "Opening.\n\n![lake](" + pic.Path() + ")\n"},
	}, editorial.TransitionInput{}, true)
	embargoed := write("news", admin.KindPressRelease, map[string]editorial.TranslationInput{
		"vi": {Title: "Thông cáo API chưa đến giờ", Summary: "Tóm tắt", Body: "Nội dung cấm đăng."},
		"en": {Title: "API release under embargo", Summary: "Summary", Body: "Embargoed text."},
	}, editorial.TransitionInput{PublishAt: time.Now().Add(24 * time.Hour)}, false)
	takenDown := publishedByID(t, db)[itemID(1, "vi")]
	if takenDown == nil {
		t.Fatal("the demo has no article 1 in Vietnamese")
	}
	if err := db.SetStatus(ctx, takenDown.Translation.ID, admin.StatusUnpublished); err != nil {
		t.Fatal(err)
	}

	if _, err := pub.Publish(ctx); err != nil {
		t.Fatal(err)
	}
	public, err := filepath.EvalSymlinks(filepath.Join(data, "public"))
	if err != nil {
		t.Fatal(err)
	}
	published := publishedByID(t, db)
	schema := ninjsSchema(t)

	docs := map[string]apiDoc{} // by uri
	for _, lang := range []string{"vi", "en"} {
		// The index, followed page by page from its first.
		var listed []string
		next := "https://example.test/" + ninjs.IndexPath(lang, 0)
		for pages := 0; next != ""; pages++ {
			if pages > 100 {
				t.Fatalf("%s: the index does not end", lang)
			}
			var pg ninjs.IndexPage
			if err := json.Unmarshal(servedFile(t, public, next), &pg); err != nil {
				t.Fatalf("%s: %v", next, err)
			}
			if len(pg.Items) > ninjs.PageSize {
				t.Errorf("%s: %d items", next, len(pg.Items))
			}
			for _, it := range pg.Items {
				listed = append(listed, it.URI)
				b := servedFile(t, public, it.URL)
				inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
				if err != nil {
					t.Fatalf("%s: %v", it.URL, err)
				}
				if err := schema.Validate(inst); err != nil {
					t.Errorf("%s is not valid ninjs 2.2: %v", it.URL, err)
				}
				var doc apiDoc
				if err := json.Unmarshal(b, &doc); err != nil {
					t.Fatal(err)
				}
				if doc.URI != it.URI || doc.Language != lang {
					t.Errorf("%s: uri %q in %q, listed as %q in %s", it.URL, doc.URI, doc.Language, it.URI, lang)
				}
				docs[doc.URI] = doc
			}
			next = pg.Next
		}
		var want []string
		for id, p := range published {
			if p.Translation.Lang == lang && p.Area.Slug != "" {
				want = append(want, id)
			}
		}
		slices.Sort(listed)
		slices.Sort(want)
		if !slices.Equal(listed, want) {
			t.Errorf("%s index lists %v, want the published %v", lang, listed, want)
		}
		files, _ := filepath.Glob(filepath.Join(public, lang, "api", "articles", "*.json"))
		if len(files) != len(want) {
			t.Errorf("%s: %d documents, %d published", lang, len(files), len(want))
		}
	}

	pictures := 0
	for uri, doc := range docs {
		for _, a := range doc.Associations {
			switch a.Type {
			case "text":
				if _, ok := docs[a.URI]; !ok {
					t.Errorf("%s: association %s has no document", uri, a.URI)
				}
				if len(a.Renditions) != 1 {
					t.Fatalf("%s: association %s renditions %+v", uri, a.URI, a.Renditions)
				}
				servedFile(t, public, a.Renditions[0].Href)
			case "picture":
				pictures++
				r := a.Renditions[0]
				if b := servedFile(t, public, r.Href); len(b) != int(pic.Bytes) || r.Width != 1200 || r.Height != 800 {
					t.Errorf("%s: picture %s has %d bytes, %dx%d", uri, r.Href, len(b), r.Width, r.Height)
				}
			default:
				t.Errorf("%s: association of type %q", uri, a.Type)
			}
		}
	}
	if pictures != 2 {
		t.Errorf("%d picture associations, want one per language of article %d", pictures, withPicture)
	}
	if doc := docs[itemID(withPicture, "en")]; len(doc.Associations) != 2 {
		t.Errorf("the English article with a picture has associations %+v", doc.Associations)
	}

	gone := []string{itemID(embargoed, "vi"), itemID(embargoed, "en"), itemID(takenDown.ArticleID, "vi"),
		"Thông cáo API chưa đến giờ", "API release under embargo", takenDown.Translation.Title}
	for _, lang := range []string{"vi", "en"} {
		if hits := grep(t, filepath.Join(public, lang, "api"), gone...); len(hits) > 0 {
			t.Errorf("the API carries what readers may not see: %v", hits)
		}
	}
	if b := servedFile(t, public, "https://example.test/en/api/articles/1.json"); strings.Contains(string(b), `"name": "translation-vi"`) {
		t.Errorf("article 1 in English still points at its Vietnamese version taken down")
	}
}

// ninjsSchema compiles the published ninjs 2.2 schema, checking formats
// too. The schema refers to GeoJSON for the geometry of places, which the
// API never writes; any value stands in for it, so no network is needed.
func ninjsSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs(filepath.Join("testdata", "ninjs-schema_2.2.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.AssertFormat()
	if err := c.AddResource("https://geojson.org/schema/GeoJSON.json", true); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(path)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
