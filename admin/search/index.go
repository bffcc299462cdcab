package search

import (
	"encoding/binary"
	"math"
	"sort"
	"strings"
)

// formatVersion is the first byte of every binary file and the version of
// the manifest; the site's script refuses other versions.
const formatVersion = 1

// Ranking constants: BM25 with field weights (a word in the title counts
// as five in the text, one in the summary as two).
const (
	k1            = 1.2
	b             = 0.75
	titleWeight   = 5
	summaryWeight = 2
	// maxVariants is how many spellings of one folded word the index tells
	// apart (điều, điêu, điệu, diều ... of "dieu"); rarer ones get no
	// exact-diacritics credit.
	maxVariants = 30
)

// analysis is what one document contributes to the index.
type analysis struct {
	length float64          // weighted number of words
	terms  map[string]*hits // by index key: a folded word, or two joined by a space
}

type hits struct {
	tf       float64  // weighted occurrences
	variants []string // the exact spellings seen (words only, not pairs)
}

func (a *analysis) add(key string, w float64, exact string) {
	h := a.terms[key]
	if h == nil {
		h = &hits{}
		a.terms[key] = h
	}
	h.tf += w
	if exact == "" {
		return
	}
	for _, v := range h.variants {
		if v == exact {
			return
		}
	}
	h.variants = append(h.variants, exact)
}

// analyse splits a document into the words and word pairs the index keeps.
func (tz *tokenizer) analyse(d *Doc) *analysis {
	a := &analysis{terms: map[string]*hits{}}
	var ts []token
	for _, f := range []struct {
		text   string
		weight float64
	}{{d.Title, titleWeight}, {d.Summary, summaryWeight}, {PlainText(d.Body), 1}} {
		ts = tz.tokens(ts[:0], f.text)
		a.length += f.weight * float64(len(ts))
		for i, t := range ts {
			a.add(t.fold, f.weight, t.exact)
			if i > 0 && t.joined {
				a.add(ts[i-1].fold+" "+t.fold, f.weight, "")
			}
		}
	}
	return a
}

// maxImpact is the largest quantised impact: six bits, so that an impact
// and a flag fit one byte of a posting.
const maxImpact = 63

// impact is a word's BM25 term weight in one document, without the
// inverse document frequency (the browser adds that from the postings'
// count), quantised to 1..maxImpact.
func impact(tf, length, avg float64) uint8 {
	if avg <= 0 {
		avg = 1
	}
	s := tf * (k1 + 1) / (tf + k1*(1-b+b*length/avg))
	q := 1 + math.Round(s/(k1+1)*(maxImpact-1))
	return uint8(min(max(q, 1), maxImpact))
}

// posting is one document under one key.
type posting struct {
	id     int32
	impact uint8
	mask   uint64 // the key's spellings the document has, by first-seen index
}

// term is a key's postings while an index is built.
type term struct {
	variants []string // first-seen order
	df       []int    // documents per variant
	postings []posting
}

// postings collects the postings of many documents. Documents must be
// added in ascending id order.
type postings map[string]*term

func (p postings) add(id int, a *analysis, avg float64) {
	for key, h := range a.terms {
		t := p[key]
		if t == nil {
			t = &term{}
			p[key] = t
		}
		var mask uint64
		for _, v := range h.variants {
			j := -1
			for k, tv := range t.variants {
				if tv == v {
					j = k
					break
				}
			}
			if j < 0 {
				t.variants = append(t.variants, v)
				t.df = append(t.df, 0)
				j = len(t.variants) - 1
			}
			t.df[j]++
			if j < 64 {
				mask |= 1 << j
			}
		}
		t.postings = append(t.postings, posting{id: int32(id), impact: impact(h.tf, a.length, avg), mask: mask})
	}
}

func (p postings) keys() []string {
	ks := make([]string, 0, len(p))
	for k := range p {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// appendEntry encodes one key and its postings; prev is the key before it
// in the same file (front coding), "" for the first.
//
//	uvarint shared, uvarint n, n bytes   the key: shared bytes of prev, then the rest
//	uvarint nv, nv × (uvarint n, n bytes) the spellings, most frequent first;
//	                                      0 when the key is its only spelling
//	uvarint df, uvarint size             postings and their size in bytes
//	df × (uvarint gap, uvarint impact)          when nv = 0
//	df × (uvarint gap, uvarint impact<<1 | m [, uvarint mask if m = 1]) when nv > 0
//
// gap is the document number minus the one before (the first: the
// number). mask has bit i set when the document has spelling i; it is
// left out (m = 0) when it is 1, the most frequent spelling alone.
func appendEntry(buf []byte, prev, key string, t *term) []byte {
	shared := 0
	for shared < len(prev) && shared < len(key) && prev[shared] == key[shared] {
		shared++
	}
	buf = binary.AppendUvarint(buf, uint64(shared))
	buf = appendString(buf, key[shared:])

	// Spellings by frequency; the mask bits follow that order.
	order := make([]int, len(t.variants))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool {
		a, b := order[i], order[j]
		if t.df[a] != t.df[b] {
			return t.df[a] > t.df[b]
		}
		return t.variants[a] < t.variants[b]
	})
	if len(order) > maxVariants {
		order = order[:maxVariants]
	}
	plain := strings.Contains(key, " ") || len(t.variants) == 0 || (len(t.variants) == 1 && t.variants[0] == key)
	if plain {
		buf = binary.AppendUvarint(buf, 0)
	} else {
		buf = binary.AppendUvarint(buf, uint64(len(order)))
		for _, i := range order {
			buf = appendString(buf, t.variants[i])
		}
	}

	var body []byte
	prevID := int32(0)
	for _, p := range t.postings {
		body = binary.AppendUvarint(body, uint64(p.id-prevID))
		prevID = p.id
		if plain {
			body = binary.AppendUvarint(body, uint64(p.impact))
			continue
		}
		var m uint64
		for bit, i := range order {
			if i < 64 && p.mask&(1<<i) != 0 {
				m |= 1 << bit
			}
		}
		if m == 1 {
			body = binary.AppendUvarint(body, uint64(p.impact)<<1)
			continue
		}
		body = binary.AppendUvarint(body, uint64(p.impact)<<1|1)
		body = binary.AppendUvarint(body, m)
	}
	buf = binary.AppendUvarint(buf, uint64(len(t.postings)))
	buf = binary.AppendUvarint(buf, uint64(len(body)))
	return append(buf, body...)
}

func appendString(buf []byte, s string) []byte {
	buf = binary.AppendUvarint(buf, uint64(len(s)))
	return append(buf, s...)
}

// shard is one file of a level's postings: the keys from first to last.
type shard struct {
	first, last string
	data        []byte
}

// shards cuts the postings into files of about size bytes, in key order.
// A key whose postings alone pass size has a file of its own.
func (p postings) shards(size int) []shard {
	var out []shard
	var (
		buf   []byte
		count int
		first string
		prev  string
		body  []byte
	)
	flush := func() {
		if count == 0 {
			return
		}
		data := []byte{formatVersion}
		data = binary.AppendUvarint(data, uint64(count))
		data = append(data, body...)
		out = append(out, shard{first: first, last: prev, data: data})
		body, count = nil, 0
	}
	for _, k := range p.keys() {
		buf = appendEntry(buf[:0], prev, k, p[k])
		if count > 0 && len(body)+len(buf) > size {
			flush()
			buf = appendEntry(buf[:0], "", k, p[k])
		}
		if count == 0 {
			first = k
		}
		body = append(body, buf...)
		count++
		prev = k
	}
	flush()
	// The manifest names each file by the shortest start that still sorts
	// after the last key of the file before; the first file starts at "".
	for i := range out {
		if i == 0 {
			out[i].first = ""
			continue
		}
		out[i].first = separator(out[i-1].last, out[i].first)
	}
	return out
}

// separator returns the shortest prefix of next, cut between characters,
// that sorts after prev. next must sort after prev.
func separator(prev, next string) string {
	for i := range next {
		if i > 0 && next[:i] > prev {
			return next[:i]
		}
	}
	return next
}

// latestFile encodes the latest file: the numbers whose postings in the
// base and in the recent level no longer count (their documents changed or
// were removed), then the postings of the documents it holds.
//
//	byte version
//	uvarint n, n × uvarint gap   numbers the base's postings no longer count for
//	uvarint n, n × uvarint gap   the same for the recent level
//	uvarint count, count × entry as in a level file
func latestFile(goneBase, goneRecent []int, p postings) []byte {
	data := []byte{formatVersion}
	for _, ids := range [][]int{goneBase, goneRecent} {
		data = binary.AppendUvarint(data, uint64(len(ids)))
		prev := 0
		for _, id := range ids {
			data = binary.AppendUvarint(data, uint64(id-prev))
			prev = id
		}
	}
	keys := p.keys()
	data = binary.AppendUvarint(data, uint64(len(keys)))
	prevKey := ""
	for _, k := range keys {
		data = appendEntry(data, prevKey, k, p[k])
		prevKey = k
	}
	return data
}
