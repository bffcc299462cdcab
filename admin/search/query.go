package search

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"time"
)

// Hit is one document Search found.
type Hit struct {
	ID      int
	URL     string
	Title   string
	Summary string
	Date    time.Time
	Area    string
	Matched int // words of the query the document has
	Exact   int // of which with the query's diacritics
	Phrases int // pairs of neighbouring query words it has side by side
	Score   float64
}

// Result is what Search found.
type Result struct {
	Hits  []Hit // best first
	Total int   // documents found
	// All says the documents have every word of the query. When none has,
	// the documents with some of them are found, those with most first.
	All   bool
	Files []string // the index files read, in the order read
	Bytes int64    // their size: what a browser downloads for the query
}

// Search runs query against the index in dir (an outDir of Update) and
// returns the first limit results. It does what the site's script does,
// reading only the files the script fetches, and is the reference for it:
//
//   - words are found by their folded form; a document must have every
//     word (when no document has, the ones with most words are found);
//   - words of the query written with diacritics that a document has in
//     the same spelling rank it first, by their number;
//   - then by score: BM25 of the words plus that of the query's pairs of
//     neighbouring words the document has as a phrase;
//   - words in double quotes are a phrase the document must have.
func Search(dir, query string, limit int) (Result, error) {
	var res Result
	read := func(name string) ([]byte, error) {
		b, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		res.Files = append(res.Files, name)
		res.Bytes += int64(len(b))
		return b, nil
	}
	mb, err := read(ManifestName)
	if err != nil {
		return res, err
	}
	var m manifest
	if err := json.Unmarshal(mb, &m); err != nil {
		return res, fmt.Errorf("search: manifest: %w", err)
	}
	if m.Version != formatVersion {
		return res, fmt.Errorf("search: manifest: version %d, not %d", m.Version, formatVersion)
	}
	q := parseQuery(query)
	if len(q.words) == 0 {
		return res, nil
	}

	// For each key the file of each level that holds it, each file read
	// once, and the latest file.
	keys := make([]string, 0, len(q.words)+len(q.pairs))
	for _, w := range q.words {
		keys = append(keys, w.fold)
	}
	keys = append(keys, q.pairs...)
	levels := []struct {
		prefix string
		ref    levelRef
	}{{"b", m.Base}, {"r", m.Recent}}
	data := map[string][]byte{}
	for _, k := range keys {
		for _, l := range levels {
			name := l.ref.fileFor(l.prefix, k)
			if name == "" || data[name] != nil {
				continue
			}
			if data[name], err = read(name); err != nil {
				return res, err
			}
		}
	}
	lb, err := read(m.Latest)
	if err != nil {
		return res, err
	}
	latest, gone, err := openLatest(lb)
	if err != nil {
		return res, err
	}

	accs := map[int]*Hit{}
	acc := func(id int) *Hit {
		h := accs[id]
		if h == nil {
			h = &Hit{ID: id}
			accs[id] = h
		}
		return h
	}
	required := map[string]bool{}
	for _, k := range q.required {
		required[k] = true
	}
	nRequired := len(required)
	need := map[int]int{} // required phrases each document has
	for i, k := range keys {
		// The key's entries: base, recent, latest; the postings of a
		// level do not count for documents a level above replaced.
		var found []found
		for j, l := range levels {
			name := l.ref.fileFor(l.prefix, k)
			if name == "" {
				continue
			}
			f, err := lookup(data[name], 1, k)
			if err != nil {
				return res, err
			}
			if f != nil {
				f.gone = gone[j]
				found = append(found, *f)
			}
		}
		f, err := lookup(lb, latest, k)
		if err != nil {
			return res, err
		}
		if f != nil {
			found = append(found, *f)
		}
		df := 0
		for _, f := range found {
			df += len(f.postings)
		}
		idf := math.Max(math.Log(float64(m.Docs+1)/(float64(df)+0.5)), 0.01)
		isWord := i < len(q.words)
		for _, f := range found {
			variant := -1
			if isWord && q.words[i].diacritics {
				for j, v := range f.variants {
					if v == q.words[i].exact {
						variant = j
					}
				}
			}
			for _, p := range f.postings {
				if f.gone[int(p.id)] {
					continue
				}
				h := acc(int(p.id))
				h.Score += idf * float64(p.impact) / maxImpact
				switch {
				case isWord:
					h.Matched++
					if variant >= 0 && p.mask&(1<<variant) != 0 {
						h.Exact++
					}
				default:
					h.Phrases++
					if required[k] {
						need[h.ID]++
					}
				}
			}
		}
	}

	var hits []*Hit
	for _, h := range accs {
		if h.Matched == len(q.words) && need[h.ID] == nRequired {
			hits = append(hits, h)
		}
	}
	res.All = len(hits) > 0
	if !res.All {
		for _, h := range accs {
			if h.Matched > 0 {
				hits = append(hits, h)
			}
		}
	}
	sort.Slice(hits, func(i, j int) bool {
		a, b := hits[i], hits[j]
		switch {
		case a.Matched != b.Matched:
			return a.Matched > b.Matched
		case a.Exact != b.Exact:
			return a.Exact > b.Exact
		case a.Score != b.Score:
			return a.Score > b.Score
		}
		return a.ID > b.ID
	})
	res.Total = len(hits)

	chunks := map[int][]json.RawMessage{}
	for _, h := range hits {
		if len(res.Hits) == limit {
			break
		}
		c := h.ID / m.Chunk
		if c >= len(m.Chunks) {
			continue
		}
		name := chunkName(m.Epoch, c, m.Chunks[c])
		if chunks[c] == nil {
			b, err := read(name)
			if err != nil {
				return res, err
			}
			var items []json.RawMessage
			if err := json.Unmarshal(b, &items); err != nil {
				return res, fmt.Errorf("search: %s: %w", name, err)
			}
			chunks[c] = items
		}
		items := chunks[c]
		if j := h.ID % m.Chunk; j < len(items) && !bytes.Equal(items[j], []byte("null")) {
			var rec [5]any
			if err := json.Unmarshal(items[j], &rec); err != nil {
				return res, fmt.Errorf("search: %s: %w", name, err)
			}
			hit := *h
			hit.URL, _ = rec[0].(string)
			hit.Title, _ = rec[1].(string)
			hit.Summary, _ = rec[2].(string)
			if t, ok := rec[3].(float64); ok {
				hit.Date = time.Unix(int64(t), 0).UTC()
			}
			hit.Area, _ = rec[4].(string)
			res.Hits = append(res.Hits, hit)
		}
	}
	return res, nil
}

// fileFor returns the name of the level's file that holds key, "" when
// the level has none.
func (l levelRef) fileFor(prefix, key string) string {
	i := sort.Search(len(l.First), func(i int) bool { return l.First[i] > key }) - 1
	if i < 0 {
		return ""
	}
	return shardName(prefix, l.Gen, i)
}

// found is one key's entry in one file.
type found struct {
	variants []string
	postings []posting
	gone     map[int]bool // documents whose postings here no longer count
}

// lookup finds key in the entries that start at pos in data (a level file,
// or the latest file past its lists of numbers). It returns nil when key
// is absent.
func lookup(data []byte, pos int, key string) (*found, error) {
	if len(data) == 0 || data[0] != formatVersion {
		return nil, errFormat
	}
	r := reader{data: data, pos: pos}
	n := r.uvarint()
	var k []byte
	want := []byte(key)
	for range n {
		k = r.key(k)
		variants, df, body := r.entry()
		if r.err != nil {
			return nil, r.err
		}
		switch c := bytes.Compare(k, want); {
		case c == 0:
			ps, err := decodePostings(body, df, len(variants) > 0)
			if err != nil {
				return nil, err
			}
			if len(variants) == 0 && !strings.Contains(key, " ") {
				variants = []string{key}
			}
			return &found{variants: variants, postings: ps}, nil
		case c > 0:
			return nil, nil
		}
	}
	return nil, r.err
}

// openLatest reads the two lists of numbers of the latest file (for the
// base and for the recent level) and returns where its entries start.
func openLatest(data []byte) (int, [2]map[int]bool, error) {
	var gone [2]map[int]bool
	if len(data) == 0 || data[0] != formatVersion {
		return 0, gone, errFormat
	}
	r := reader{data: data, pos: 1}
	for i := range gone {
		n := r.uvarint()
		gone[i] = make(map[int]bool, n)
		id := 0
		for range n {
			id += r.uvarint()
			gone[i][id] = true
		}
	}
	return r.pos, gone, r.err
}

// queryWord is one word of a query.
type queryWord struct {
	fold, exact string
	diacritics  bool // typed with diacritics: its spelling counts
}

type parsedQuery struct {
	words    []queryWord // each folded word once, in order
	pairs    []string    // neighbouring words, "a b", each once
	required []string    // the pairs inside double quotes
}

// maxQueryWords bounds the work and the downloads of one query.
const maxQueryWords = 12

func parseQuery(s string) parsedQuery {
	var q parsedQuery
	tz := newTokenizer()
	seenWord, seenPair := map[string]bool{}, map[string]bool{}
	var prev *token
	quoted := false
	s = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`).Replace(s)
	for i, part := range strings.Split(s, `"`) {
		quoted = i%2 == 1
		for _, t := range tz.tokens(nil, part) {
			if len(q.words) == maxQueryWords {
				return q
			}
			if !seenWord[t.fold] {
				seenWord[t.fold] = true
				q.words = append(q.words, queryWord{fold: t.fold, exact: t.exact, diacritics: t.fold != t.exact})
			}
			if prev != nil {
				pair := prev.fold + " " + t.fold
				if !seenPair[pair] {
					seenPair[pair] = true
					q.pairs = append(q.pairs, pair)
				}
				if quoted && t.joined {
					q.required = append(q.required, pair)
				}
			}
			t := t
			prev = &t
		}
	}
	return q
}
