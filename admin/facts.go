package admin

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// Facts are the structured data of an article beside its prose: the
// figures investors compare (a park's area and occupancy, a project's
// capital), an event's dates and place. Each language version carries its
// own, so they go through review and publication with the text; the
// figures are the same in every language, the words are translated.
// Values are kept as typed text; FieldType says how to read them.
type Facts map[string]string

// FieldType is how a fact is written and checked.
type FieldType string

// Kinds of facts.
const (
	FactText     FieldType = "text"
	FactNumber   FieldType = "number"   // a decimal number, "." as the decimal point
	FactDate     FieldType = "date"     // 2006-01-02
	FactDateTime FieldType = "datetime" // 2006-01-02T15:04, Vietnam time; 2006-01-02 for all day
	FactChoice   FieldType = "choice"   // one of Options
	FactURL      FieldType = "url"
	FactEmail    FieldType = "email"
	FactPhone    FieldType = "phone"
)

// Field is one fact an article kind has.
type Field struct {
	Key  string
	Type FieldType
	// Translated facts are written in each language; the others are the
	// same in every language.
	Translated bool
	Unit       string // shown after a number: "ha", "%", "km"
	Options    []string
	// Required facts must be filled in before approval.
	Required bool
	// Filter marks a choice readers can filter the kind's list by.
	Filter bool
}

// sourceFields are on every kind with figures: where they come from and
// when they were true.
var sourceFields = []Field{
	{Key: "source", Type: FactText, Translated: true, Required: true},
	{Key: "source_url", Type: FactURL},
	{Key: "as_of", Type: FactDate, Required: true},
}

var contactFields = []Field{
	{Key: "contact_name", Type: FactText, Translated: true},
	{Key: "contact_phone", Type: FactPhone},
	{Key: "contact_email", Type: FactEmail},
}

// Sectors of projects calling for investment.
var Sectors = []string{"industry", "agriculture", "infrastructure", "urban", "tourism", "trade_services", "energy", "education_health", "other"}

// FactSchemas lists the facts of each kind that has any.
var FactSchemas = map[Kind][]Field{
	KindIndustrialPark: concat([]Field{
		{Key: "location", Type: FactText, Translated: true, Required: true},
		{Key: "area_ha", Type: FactNumber, Unit: "ha", Required: true},
		{Key: "occupancy_pct", Type: FactNumber, Unit: "%"},
		{Key: "land_rent", Type: FactText, Translated: true},
		{Key: "developer", Type: FactText, Translated: true},
		{Key: "distance_port_km", Type: FactNumber, Unit: "km"},
		{Key: "port", Type: FactText, Translated: true},
		{Key: "distance_airport_km", Type: FactNumber, Unit: "km"},
		{Key: "airport", Type: FactText, Translated: true},
		{Key: "distance_city_km", Type: FactNumber, Unit: "km"},
		{Key: "city", Type: FactText, Translated: true},
	}, contactFields, sourceFields),
	KindInvestProject: concat([]Field{
		{Key: "sector", Type: FactChoice, Options: Sectors, Required: true, Filter: true},
		{Key: "location", Type: FactText, Translated: true, Required: true},
		{Key: "area_ha", Type: FactNumber, Unit: "ha"},
		{Key: "capital_musd", Type: FactNumber, Unit: "USD million"},
		{Key: "status", Type: FactChoice, Options: []string{"calling", "negotiating", "licensed"}, Required: true, Filter: true},
	}, contactFields, sourceFields),
	KindIncentive: concat([]Field{
		{Key: "benefit", Type: FactText, Translated: true, Required: true},
		{Key: "beneficiaries", Type: FactText, Translated: true},
		{Key: "sector", Type: FactChoice, Options: Sectors, Filter: true},
		{Key: "basis", Type: FactText, Translated: true, Required: true},
		{Key: "valid_from", Type: FactDate},
		{Key: "valid_to", Type: FactDate},
	}, contactFields, sourceFields),
	KindProcedure: concat([]Field{
		{Key: "office", Type: FactText, Translated: true, Required: true},
		{Key: "time_limit_days", Type: FactNumber, Unit: "days"},
		{Key: "fee", Type: FactText, Translated: true},
		{Key: "documents", Type: FactText, Translated: true},
		{Key: "online_url", Type: FactURL},
		{Key: "basis", Type: FactText, Translated: true},
	}, contactFields, sourceFields),
	KindClarification: {
		{Key: "claim", Type: FactText, Translated: true, Required: true},
		{Key: "claim_where", Type: FactText, Translated: true, Required: true},
		{Key: "claim_date", Type: FactDate},
		{Key: "claim_url", Type: FactURL},
		{Key: "verdict", Type: FactChoice, Options: []string{"false", "misleading", "partly_false", "unproven"}, Required: true},
		{Key: "evidence_url", Type: FactURL},
	},
	KindEvent: {
		{Key: "start", Type: FactDateTime, Required: true},
		{Key: "end", Type: FactDateTime},
		{Key: "venue", Type: FactText, Translated: true, Required: true},
		{Key: "address", Type: FactText, Translated: true},
		{Key: "organiser", Type: FactText, Translated: true},
		{Key: "url", Type: FactURL},
	},
}

func concat(lists ...[]Field) []Field {
	var out []Field
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// Vietnam is the portal's one time zone: where the dates and times of
// facts are meant, where a publication's month is counted, and how the
// admin writes times.
var Vietnam = func() *time.Location {
	loc, err := time.LoadLocation("Asia/Ho_Chi_Minh")
	if err != nil {
		return time.FixedZone("ICT", 7*3600)
	}
	return loc
}()

// CleanFacts keeps only the facts kind has, trimmed and with numbers
// written in one way ("1,5" and "1.5" are both 1.5; "4 686" is 4686) with
// the decimals typed ("291,50" is 291.50), and
// returns the first one that is not valid.
func CleanFacts(kind Kind, in Facts) (Facts, error) { return CleanFactsIn(kind, "", in) }

// CleanFactsIn is CleanFacts for the form of language lang, whose way of
// writing numbers decides what a lone separator is (see CanonicalNumberIn).
func CleanFactsIn(kind Kind, lang string, in Facts) (Facts, error) {
	schema := FactSchemas[kind]
	if len(schema) == 0 {
		return nil, nil
	}
	out := Facts{}
	for _, f := range schema {
		v := strings.TrimSpace(in[f.Key])
		if v == "" {
			continue
		}
		bad := func(msg string) error {
			return &Error{Code: EINVALID, Field: "fact_" + f.Key, Key: "fact_invalid_" + string(f.Type), Args: []any{FactLabel(f.Key)}, Message: msg}
		}
		switch f.Type {
		case FactNumber:
			c, ok := CanonicalNumberIn(lang, v)
			if !ok {
				return nil, bad("write a number, for example 4686 or 69.5")
			}
			v = c
		case FactDate:
			d, ok := FormDate(v)
			if !ok {
				return nil, bad("write a date as 30/06/2024")
			}
			v = d
		case FactDateTime:
			if d, ok := FormDateTime(v); ok {
				v = d
			} else if d, ok := FormDate(v); ok {
				v = d // all day
			} else {
				return nil, bad("write a date and time as 30/06/2024 08:00, or a date alone for all day")
			}
		case FactChoice:
			ok := false
			for _, o := range f.Options {
				ok = ok || o == v
			}
			if !ok {
				return nil, bad("choose one of the values offered")
			}
		case FactURL:
			if !ValidWebAddress(v) {
				return nil, bad("write a web address starting with https://")
			}
		case FactEmail:
			if !ValidEmail(v) {
				return nil, bad("this is not an e-mail address")
			}
		case FactPhone:
			if !ValidPhone(v) {
				return nil, bad("a phone number has digits, spaces, +, -, . and brackets only")
			}
		}
		out[f.Key] = v
	}
	// An event does not end before it starts.
	// An event does not end before it starts (a day alone is the whole
	// day: it may end on the day it starts at 08:00), nor a rule stop
	// applying before it applies.
	ends := func(start, end string) bool {
		if len(start) < 10 || len(end) < 10 {
			return false
		}
		if len(start) == 10 || len(end) == 10 {
			return end[:10] < start[:10]
		}
		return end < start
	}
	if kind == KindEvent && ends(out["start"], out["end"]) {
		return nil, &Error{Code: EINVALID, Field: "fact_end", Key: "fact_end_before_start", Message: "the event ends before it starts"}
	}
	if ends(out["valid_from"], out["valid_to"]) {
		return nil, &Error{Code: EINVALID, Field: "fact_valid_to", Key: "fact_valid_to_before_from", Message: "the end of validity comes before its start"}
	}
	return out, nil
}

// ParseFactTime reads a date-and-time fact in Vietnam time; allDay is
// true when it is a date alone.
func ParseFactTime(v string) (t time.Time, allDay bool, err error) {
	if t, err := time.ParseInLocation("2006-01-02", v, Vietnam); err == nil {
		return t, true, nil
	}
	t, err = time.ParseInLocation("2006-01-02T15:04", v, Vietnam)
	return t, false, err
}

// dayFirst is a date typed day first, as Vietnamese officers write it
// ("30/06/2024", "30/6/2024", "30-6-2024", "30.6.2024"), with a time or not
// ("30/06/2024 08:00", "30/6/2024 8:00").
var dayFirst = regexp.MustCompile(`^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2}):(\d{2}))?$`)

// isoDate is a date in ISO order ("2024-06-30"), with a time or not
// ("2024-06-30T08:00", "2024-06-30 08:00", seconds dropped).
var isoDate = regexp.MustCompile(`^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{2}):(\d{2})(?::\d{2})?)?$`)

// FormDate reads a date as the admin's forms give it (the picker writes
// "30/06/2024"; an officer may type "30/6/2024"; the API and old forms send
// "2024-06-30") and returns it as "2024-06-30"; false for anything else,
// a time included.
func FormDate(v string) (string, bool) {
	d, hasTime, ok := formTime(v)
	if !ok || hasTime {
		return "", false
	}
	return d.Format("2006-01-02"), true
}

// FormDateTime reads a date and time the same way ("30/06/2024 08:00",
// "2024-06-30T08:00") and returns it as "2024-06-30T08:00"; a date alone
// is false.
func FormDateTime(v string) (string, bool) {
	d, hasTime, ok := formTime(v)
	if !ok || !hasTime {
		return "", false
	}
	return d.Format("2006-01-02T15:04"), true
}

func formTime(v string) (t time.Time, hasTime, ok bool) {
	v = strings.TrimSpace(v)
	var y, mo, d, h, mi string
	if m := dayFirst.FindStringSubmatch(v); m != nil {
		d, mo, y, h, mi = m[1], m[2], m[3], m[4], m[5]
	} else if m := isoDate.FindStringSubmatch(v); m != nil {
		y, mo, d, h, mi = m[1], m[2], m[3], m[4], m[5]
	} else {
		return t, false, false
	}
	n := func(s string) int { i, _ := strconv.Atoi(s); return i }
	// A year outside 1900–2200 is a typing slip ("0224" for "2024").
	if n(y) < 1900 || n(y) > 2200 {
		return t, false, false
	}
	t = time.Date(n(y), time.Month(n(mo)), n(d), n(h), n(mi), 0, 0, time.UTC)
	// time.Date moves 31/02 to March: such a date does not exist.
	if t.Day() != n(d) || int(t.Month()) != n(mo) || n(h) > 23 || n(mi) > 59 {
		return t, false, false
	}
	return t, h != "", true
}

// DayFirst writes an ISO date ("2024-06-30") or date and time
// ("2024-06-30T08:00") the way the admin's date fields show it in lang:
// the short date of ShortDate, then the 24-hour time ("30/6/2024 08:00"
// in Vietnamese, "30/06/2024 08:00" in English); anything else unchanged.
func DayFirst(lang, v string) string {
	d, hasTime, ok := formTime(v)
	switch {
	case !ok || !isoDate.MatchString(strings.TrimSpace(v)):
		return v
	case hasTime:
		return ShortDate(lang, d) + d.Format(" 15:04")
	}
	return ShortDate(lang, d)
}

// ShortDate is a date in figures, day first. Vietnamese pads the day to
// two digits and the month only for January and February, as official
// documents do ("06/6/2024", "05/02/2023"); English pads both
// ("06/06/2024").
func ShortDate(lang string, t time.Time) string {
	if lang != "vi" {
		return t.Format("02/01/2006")
	}
	m := strconv.Itoa(int(t.Month()))
	if t.Month() <= 2 {
		m = "0" + m
	}
	return fmt.Sprintf("%02d/%s/%d", t.Day(), m, t.Year())
}

// MissingFacts returns the required facts of kind that facts lacks.
func MissingFacts(kind Kind, facts Facts) []string {
	var miss []string
	for _, f := range FactSchemas[kind] {
		if f.Required && strings.TrimSpace(facts[f.Key]) == "" {
			miss = append(miss, f.Key)
		}
	}
	return miss
}

// FactLabelKey is the interface catalogue key of a fact's name.
func FactLabelKey(key string) string { return "fact_" + key }

// FactLabel is an error argument naming a fact by its key; the web layer
// writes it as the fact's name in the reader's language.
type FactLabel string

// ParseNumber reads a number as officers write them (see CanonicalNumber).
// Negative numbers are not figures a form takes.
func ParseNumber(s string) (float64, bool) {
	c, ok := CanonicalNumber(s)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseFloat(c, 64)
	return n, err == nil
}

// CanonicalNumber is CanonicalNumberIn with no form language: a single
// separator followed by three digits, after one to three digits other than
// 0, groups thousands ("4.686", "4,686").
func CanonicalNumber(s string) (string, bool) { return CanonicalNumberIn("", s) }

// CanonicalNumberIn reads a number as officers write them in a form of
// language lang, Vietnamese or English style, and writes it with "." as the
// decimal point, no grouping, no leading zeros and every decimal typed (so
// "291,50" keeps two decimals). With both separators the last one is the
// decimal point ("4.686,5", "4,686.5"); a separator that comes more than
// once, or spaces, group thousands ("1.234.567", "4 686"); a single one is
// the decimal point unless it is lang's thousands separator ("." in
// Vietnamese, "," in English; either when lang is "") with three digits
// after it and one to three before, the first not 0 ("4.686" is 4686 in
// Vietnamese, "12,125" is 12.125). Groups must be whole: "1.234.56",
// "1..5" and "5," are refused.
func CanonicalNumberIn(lang, s string) (string, bool) {
	s = strings.TrimPrefix(strings.TrimSpace(s), "+")
	s = strings.NewReplacer("\u00a0", " ", "\u202f", " ").Replace(s)
	if s == "" || strings.Trim(s, "0123456789., ") != "" {
		return "", false
	}
	point := ""
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case dots > 0 && commas > 0:
		point = ","
		if strings.LastIndex(s, ".") > strings.LastIndex(s, ",") {
			point = "."
		}
		if strings.Count(s, point) != 1 {
			return "", false
		}
	case dots+commas == 1:
		sep := "."
		if commas == 1 {
			sep = ","
		}
		group := map[string]string{"vi": ".", "en": ","}[lang]
		before, after, _ := strings.Cut(s, sep)
		grouping := len(after) == 3 && len(before) >= 1 && len(before) <= 3 && before[0] != '0' && !strings.Contains(before, " ") &&
			(group == "" || group == sep)
		if !grouping {
			point = sep
		}
	}
	whole, frac := s, ""
	if point != "" {
		i := strings.LastIndex(s, point)
		whole, frac = s[:i], s[i+1:]
		if frac == "" || strings.Trim(frac, "0123456789") != "" {
			return "", false
		}
	}
	// What is left of the whole part: digits, in whole groups of three
	// after the first when it is grouped.
	groups := strings.FieldsFunc(whole, func(r rune) bool { return r == '.' || r == ',' || r == ' ' })
	if strings.Trim(whole, ".,") != whole || strings.Contains(whole, "..") || strings.Contains(whole, ",,") ||
		strings.Contains(whole, "  ") || (len(groups) == 0 && frac == "") {
		return "", false
	}
	if len(groups) > 1 {
		var sep rune
		for _, r := range whole {
			if r < '0' || r > '9' {
				if sep != 0 && r != sep {
					return "", false // "1.000 000": one way of grouping only
				}
				sep = r
			}
		}
		for i, g := range groups {
			if (i == 0 && (len(g) < 1 || len(g) > 3)) || (i > 0 && len(g) != 3) {
				return "", false
			}
		}
	}
	digits := strings.TrimLeft(strings.Join(groups, ""), "0")
	if digits == "" {
		digits = "0"
	}
	if frac != "" {
		digits += "." + frac
	}
	if _, err := strconv.ParseFloat(digits, 64); err != nil {
		return "", false
	}
	return digits, true
}

// Decimals is how many decimals a canonical number was typed with.
func Decimals(canonical string) int {
	if i := strings.IndexByte(canonical, '.'); i >= 0 {
		return len(canonical) - i - 1
	}
	return 0
}

// FormatNumber writes a canonical number the way lang writes numbers, with
// the decimals it has: "4.686,5" in Vietnamese, "4,686.5" in English
// (thousands grouped from 10 000 up, so "4686" stays as typed).
func FormatNumber(lang, canonical string) string {
	point, group := ".", ","
	if lang == "vi" {
		point, group = ",", "."
	}
	neg := strings.HasPrefix(canonical, "-")
	whole, frac, _ := strings.Cut(strings.TrimPrefix(canonical, "-"), ".")
	if len(whole) > 4 {
		var b strings.Builder
		for i, r := range whole {
			if i > 0 && (len(whole)-i)%3 == 0 {
				b.WriteString(group)
			}
			b.WriteRune(r)
		}
		whole = b.String()
	}
	out := whole
	if frac != "" {
		out += point + frac
	}
	if neg {
		out = "-" + out
	}
	return out
}
