package export

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path"
	"sort"
	"strconv"
	"strings"
	"time"

	ics "github.com/arran4/golang-ical"

	"portal/admin"
	"portal/admin/text"
)

// listKinds are the kinds with a list of their own in each area that has
// any: investors compare parks and projects by their figures, and events
// go into calendars.
var listKinds = []admin.Kind{admin.KindIndustrialPark, admin.KindInvestProject, admin.KindIncentive, admin.KindProcedure, admin.KindEvent}

// listSlugs name each kind's list in the address, per language; other
// languages use the English ones.
var listSlugs = map[admin.Kind]map[string]string{
	admin.KindIndustrialPark: {"vi": "khu-cong-nghiep", "en": "industrial-parks"},
	admin.KindInvestProject:  {"vi": "du-an", "en": "projects"},
	admin.KindIncentive:      {"vi": "uu-dai", "en": "incentives"},
	admin.KindProcedure:      {"vi": "thu-tuc", "en": "procedures"},
	admin.KindEvent:          {"vi": "su-kien", "en": "events"},
}

var listTitles = map[admin.Kind]map[string]string{
	admin.KindIndustrialPark: {"vi": "Khu công nghiệp", "en": "Industrial parks"},
	admin.KindInvestProject:  {"vi": "Dự án kêu gọi đầu tư", "en": "Projects calling for investment"},
	admin.KindIncentive:      {"vi": "Chính sách ưu đãi đầu tư", "en": "Investment incentives"},
	admin.KindProcedure:      {"vi": "Thủ tục đầu tư", "en": "Investment procedures"},
	admin.KindEvent:          {"vi": "Sự kiện", "en": "Events"},
}

func inLang(m map[string]string, lang string) string {
	if v, ok := m[lang]; ok {
		return v
	}
	return m["en"]
}

// Lists returns, for one area in one language, the list pages of the
// kinds with figures (content files relative to the area's folder) and
// their downloads (CSV and JSON of parks and projects, iCalendar of
// events; relative to the language's folder of the site). baseURL makes
// the addresses in the downloads absolute.
func Lists(areaKey, lang string, area admin.AreaName, all []*admin.Published, baseURL string) (pages, downloads map[string][]byte, err error) {
	pages, downloads = map[string][]byte{}, map[string][]byte{}
	for _, kind := range listKinds {
		var items []*admin.Published
		for _, p := range all {
			if p.AreaKey == areaKey && p.Translation.Lang == lang && p.Kind == kind {
				items = append(items, p)
			}
		}
		if len(items) == 0 {
			continue
		}
		sort.SliceStable(items, func(i, j int) bool { return before(items[j], items[i]) }) // newest first
		slug := inLang(listSlugs[kind], lang)
		dir := path.Join(area.Slug, slug)
		files := map[string]string{}
		if kind == admin.KindEvent {
			b, err := Calendar(items, lang, baseURL)
			if err != nil {
				return nil, nil, err
			}
			downloads[path.Join(dir, slug+".ics")] = b
			files["ics"] = slug + ".ics"
			for _, p := range items {
				one, err := Calendar([]*admin.Published{p}, lang, baseURL)
				if err != nil {
					return nil, nil, err
				}
				downloads[path.Join(dir, p.Translation.Slug+".ics")] = one
			}
		} else {
			c, j, err := tables(kind, items, lang, baseURL)
			if err != nil {
				return nil, nil, err
			}
			downloads[path.Join(dir, slug+".csv")], downloads[path.Join(dir, slug+".json")] = c, j
			files["csv"], files["json"] = slug+".csv", slug+".json"
		}
		var filters []map[string]any
		for _, f := range admin.FactSchemas[kind] {
			if !f.Filter {
				continue
			}
			var used []string
			for _, o := range f.Options {
				for _, p := range items {
					if p.Translation.Facts[f.Key] == o {
						used = append(used, o)
						break
					}
				}
			}
			filters = append(filters, map[string]any{"key": f.Key, "options": used})
			for _, o := range used {
				b, err := page(frontMatter{
					Title:          inLang(listTitles[kind], lang) + ": " + o,
					TranslationKey: fmt.Sprintf("list-%s-%s-%s-%s", areaKey, kind, f.Key, o),
					Layout:         "facts-list",
					Outputs:        []string{"html"},
					Params: map[string]any{"area": areaKey, "area_path": "/" + area.Slug, "kind": string(kind),
						"filter": map[string]string{"key": f.Key, "value": o}, "downloads": files},
				}, "")
				if err != nil {
					return nil, nil, err
				}
				pages[path.Join(slug, f.Key+"-"+o, "_index.md")] = b
			}
		}
		b, err := page(frontMatter{
			Title:          inLang(listTitles[kind], lang) + ": " + area.Name,
			TranslationKey: fmt.Sprintf("list-%s-%s", areaKey, kind),
			Layout:         "facts-list",
			Outputs:        []string{"html"},
			Params: map[string]any{"area": areaKey, "area_path": "/" + area.Slug, "kind": string(kind),
				"filters": filters, "downloads": files},
		}, "")
		if err != nil {
			return nil, nil, err
		}
		pages[path.Join(slug, "_index.md")] = b
	}
	return pages, downloads, nil
}

// pageURL is the address of a published translation's page.
func pageURL(p *admin.Published, baseURL string) string {
	return strings.TrimSuffix(baseURL, "/") + "/" + p.Translation.Lang + "/" + p.Area.Slug + "/" + p.Translation.Slug + "/"
}

// tables returns the CSV and JSON downloads of a list: one row per
// article, with its title, address, date and every fact of its kind, the
// figures as numbers. Column names are the facts' keys, the same in every
// language, so a spreadsheet built on one keeps working.
func tables(kind admin.Kind, items []*admin.Published, lang, baseURL string) (csvOut, jsonOut []byte, err error) {
	schema := admin.FactSchemas[kind]
	var cb bytes.Buffer
	cb.WriteString("\ufeff") // spreadsheets read UTF-8 (Vietnamese) only with it
	w := csv.NewWriter(&cb)
	head := []string{"title", "url", "published", "summary"}
	for _, f := range schema {
		h := f.Key
		if f.Unit != "" && !strings.HasSuffix(f.Key, "_"+f.Unit) {
			h += " (" + f.Unit + ")"
		}
		head = append(head, h)
	}
	if err := w.Write(head); err != nil {
		return nil, nil, fmt.Errorf("export: csv: %w", err)
	}
	rows := []map[string]any{}
	for _, p := range items {
		t := &p.Translation
		rec := []string{text.CSVCell(t.Title), pageURL(p, baseURL), t.PublishedAt.In(admin.Vietnam).Format("2006-01-02"), text.CSVCell(t.Summary)}
		facts := map[string]any{}
		for _, f := range schema {
			v := t.Facts[f.Key]
			rec = append(rec, text.CSVCell(v))
			if v == "" {
				continue
			}
			if f.Type == admin.FactNumber {
				n, _ := strconv.ParseFloat(v, 64)
				facts[f.Key] = n
			} else {
				facts[f.Key] = v
			}
		}
		if err := w.Write(rec); err != nil {
			return nil, nil, fmt.Errorf("export: csv: %w", err)
		}
		rows = append(rows, map[string]any{"title": t.Title, "url": pageURL(p, baseURL), "summary": t.Summary,
			"published": t.PublishedAt.UTC().Format(time.RFC3339), "lang": lang, "facts": facts})
	}
	w.Flush()
	if err := w.Error(); err != nil {
		return nil, nil, fmt.Errorf("export: csv: %w", err)
	}
	var jb bytes.Buffer
	enc := json.NewEncoder(&jb)
	enc.SetIndent("", "  ")
	if err := enc.Encode(map[string]any{"kind": string(kind), "lang": lang, "items": rows}); err != nil {
		return nil, nil, fmt.Errorf("export: json: %w", err)
	}
	return cb.Bytes(), jb.Bytes(), nil
}

// Calendar returns an iCalendar file of events (published translations of
// kind event with a start).
func Calendar(items []*admin.Published, lang, baseURL string) ([]byte, error) {
	cal := ics.NewCalendarFor("portal")
	cal.SetMethod(ics.MethodPublish)
	host := strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(baseURL, "https://"), "http://"), "/")
	if host == "" {
		host = "portal"
	}
	for _, p := range items {
		t := &p.Translation
		start, allDay, err := admin.ParseFactTime(t.Facts["start"])
		if err != nil {
			continue
		}
		ev := cal.AddEvent(fmt.Sprintf("article-%d-%s@%s", p.ArticleID, lang, host))
		ev.SetDtStampTime(t.UpdatedAt.UTC())
		end, endAllDay, err := admin.ParseFactTime(t.Facts["end"])
		switch {
		case allDay:
			// A whole day (or days): DTEND is the day after the last one.
			ev.SetAllDayStartAt(start)
			last := start
			if err == nil {
				last = end
			}
			ev.SetAllDayEndAt(last.AddDate(0, 0, 1))
		case err == nil && !endAllDay:
			ev.SetStartAt(start.UTC())
			ev.SetEndAt(end.UTC())
		default:
			ev.SetStartAt(start.UTC())
			ev.SetEndAt(start.Add(time.Hour).UTC())
		}
		// iCalendar text is escaped by the library; what it cannot carry
		// (control characters, a bare CR) is taken out first.
		ev.SetSummary(text.Line(t.Title))
		loc := text.Line(strings.Join(nonEmptyStrings(t.Facts["venue"], t.Facts["address"]), ", "))
		if loc != "" {
			ev.SetLocation(loc)
		}
		if d := text.Clean(t.Summary); d != "" {
			ev.SetDescription(d)
		}
		ev.SetURL(pageURL(p, baseURL))
	}
	// RFC 5545 lines end in CRLF.
	return []byte(cal.Serialize(ics.WithNewLineWindows)), nil
}

func nonEmptyStrings(ss ...string) []string {
	var out []string
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}
