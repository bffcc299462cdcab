package search

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"
)

// current is one document of this update.
type current struct {
	doc  *Doc
	hash string
	id   int // -1 until numbered
}

func currentDocs(docs []Doc, lang string) (map[string]*current, error) {
	cur := make(map[string]*current, len(docs))
	for i := range docs {
		d := &docs[i]
		if d.Lang != lang {
			return nil, fmt.Errorf("search: document %q is in %q, not %q", d.URL, d.Lang, lang)
		}
		if d.URL == "" || cur[d.URL] != nil {
			return nil, fmt.Errorf("search: document address %q empty or twice", d.URL)
		}
		cur[d.URL] = &current{doc: d, hash: docHash(d), id: -1}
	}
	return cur, nil
}

// docHash identifies a document's version: everything the index shows or
// finds it by.
func docHash(d *Doc) string {
	h := sha256.New()
	for _, s := range []string{d.URL, d.Title, d.Summary, d.Body, d.Area} {
		var n [binary.MaxVarintLen64]byte
		h.Write(n[:binary.PutUvarint(n[:], uint64(len(s)))])
		h.Write([]byte(s))
	}
	var t [8]byte
	binary.BigEndian.PutUint64(t[:], uint64(d.Date.Unix()))
	h.Write(t[:])
	return hex.EncodeToString(h.Sum(nil)[:12])
}

func contentHash(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:6])
}

// state is what the next update starts from (state.json).
type state struct {
	Version int `json:"version"`
	// Epoch is made when the state is, so that document files never take
	// a name used before the state was lost.
	Epoch  string  `json:"epoch"`
	Avg    float64 `json:"avg"`  // mean weighted length of the base's documents
	Next   int     `json:"next"` // the next free document number
	Base   level   `json:"base"`
	Recent level   `json:"recent"`
	// IDs numbers the documents added since the base was built.
	IDs map[string]int `json:"ids"`
	// Chunks are the document files ever made, by number: the hash of
	// their bytes and their version.
	Chunks []chunkRef `json:"chunks"`
}

// level is the base or the recent level: the documents its files hold and
// how the files are cut.
type level struct {
	Docs  map[string]levelDoc `json:"docs"` // by address
	Gen   string              `json:"gen"`
	First []string            `json:"first"`
}

type levelDoc struct {
	ID   int    `json:"id"`
	Hash string `json:"hash"`
}

type chunkRef struct {
	Hash    string `json:"hash"`
	Version int    `json:"v"`
}

func newState() (*state, error) {
	var b [4]byte
	if _, err := rand.Read(b[:]); err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	return &state{Version: formatVersion, Epoch: hex.EncodeToString(b[:]), IDs: map[string]int{}}, nil
}

func loadState(dir string) (*state, error) {
	b, err := os.ReadFile(filepath.Join(dir, "state.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return newState()
	}
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	st := &state{}
	if err := json.Unmarshal(b, st); err != nil || st.Version != formatVersion || st.Epoch == "" {
		// An unreadable or older state is rebuilt from the documents.
		return newState()
	}
	if st.IDs == nil {
		st.IDs = map[string]int{}
	}
	return st, nil
}

func (st *state) save(dir string) error {
	b, err := json.Marshal(st)
	if err != nil {
		return fmt.Errorf("search: state: %w", err)
	}
	return writeAtomic(filepath.Join(dir, "state.json"), b)
}

// number gives every document its number: a base document keeps the base's,
// one numbered since keeps its own, and new ones are numbered in date order
// after all others. Numbers of documents that are gone are forgotten.
func (st *state) number(cur map[string]*current) {
	for url, c := range cur {
		if bd, ok := st.Base.Docs[url]; ok {
			c.id = bd.ID
		}
	}
	for url, id := range st.IDs {
		if c := cur[url]; c != nil && c.id < 0 {
			c.id = id
			continue
		}
		delete(st.IDs, url)
	}
	var fresh []*current
	for _, c := range cur {
		if c.id < 0 {
			fresh = append(fresh, c)
		}
	}
	sortByDate(fresh)
	for _, c := range fresh {
		c.id = st.Next
		st.IDs[c.doc.URL] = c.id
		st.Next++
	}
}

// renumberIfSparse numbers the documents afresh, in date order, when a
// quarter of the numbers are gaps left by removed documents.
func (st *state) renumberIfSparse(cur map[string]*current) {
	if holes := st.Next - len(cur); st.Next <= 64 || holes*4 <= st.Next {
		return
	}
	all := make([]*current, 0, len(cur))
	for _, c := range cur {
		all = append(all, c)
	}
	sortByDate(all)
	st.IDs = map[string]int{}
	for i, c := range all {
		c.id = i
		st.IDs[c.doc.URL] = i
	}
	st.Next = len(all)
}

func sortByDate(cs []*current) {
	sort.Slice(cs, func(i, j int) bool {
		a, b := cs[i].doc, cs[j].doc
		if !a.Date.Equal(b.Date) {
			return a.Date.Before(b.Date)
		}
		return a.URL < b.URL
	})
}

func sortByID(cs []*current) {
	sort.Slice(cs, func(i, j int) bool { return cs[i].id < cs[j].id })
}

// diff returns the documents whose current version is not the level's, by
// number, and the numbers of the level's documents that were changed or
// removed since.
func (l *level) diff(cur map[string]*current) ([]*current, []int) {
	var differ []*current
	for url, c := range cur {
		if ld, ok := l.Docs[url]; !ok || ld.Hash != c.hash {
			differ = append(differ, c)
		}
	}
	sortByID(differ)
	var gone []int
	for url, ld := range l.Docs {
		if c := cur[url]; c == nil || c.hash != ld.Hash {
			gone = append(gone, ld.ID)
		}
	}
	sort.Ints(gone)
	return differ, gone
}

// removed counts the level's documents that are no longer published.
func (l *level) removed(cur map[string]*current) int {
	n := 0
	for url := range l.Docs {
		if cur[url] == nil {
			n++
		}
	}
	return n
}

// complete reports whether the level's files are all in fdir; when one is
// lost, the level is rebuilt.
func (l *level) complete(fdir, prefix string) bool {
	for _, name := range l.names(prefix) {
		if _, err := os.Stat(filepath.Join(fdir, name)); err != nil {
			return false
		}
	}
	return true
}

func (l *level) names(prefix string) []string {
	names := make([]string, len(l.First))
	for i := range l.First {
		names[i] = shardName(prefix, l.Gen, i)
	}
	return names
}

func (l *level) ref() levelRef {
	first := l.First
	if first == nil {
		first = []string{}
	}
	return levelRef{Gen: l.Gen, First: first}
}

// build makes a level of docs, adds its files to files and returns it. The
// base (withAvg) sets the mean document length all levels weigh words by.
func (st *state) build(ctx context.Context, prefix string, docs []*current, shardBytes int, files map[string][]byte, withAvg bool) (level, error) {
	docs = append([]*current(nil), docs...)
	sortByID(docs)
	as, err := analyseAll(ctx, docs)
	if err != nil {
		return level{}, err
	}
	total := 0.0
	for _, a := range as {
		total += a.length
	}
	if withAvg {
		st.Avg = 1
		if len(docs) > 0 && total > 0 {
			st.Avg = total / float64(len(docs))
		}
	}
	p := postings{}
	for i, c := range docs {
		p.add(c.id, as[i], st.Avg)
		as[i] = nil
	}
	shards := p.shards(shardBytes)
	h := sha256.New()
	for _, s := range shards {
		h.Write(s.data)
	}
	l := level{Docs: make(map[string]levelDoc, len(docs)), Gen: hex.EncodeToString(h.Sum(nil)[:6])}
	for _, c := range docs {
		l.Docs[c.doc.URL] = levelDoc{ID: c.id, Hash: c.hash}
	}
	for i, s := range shards {
		l.First = append(l.First, s.first)
		files[shardName(prefix, l.Gen, i)] = s.data
	}
	return l, nil
}

// latestFile encodes the latest file for docs, with the numbers whose
// postings in the base and in the recent level no longer count.
func (st *state) latestFile(ctx context.Context, goneBase, goneRecent []int, docs []*current) ([]byte, error) {
	as, err := analyseAll(ctx, docs)
	if err != nil {
		return nil, err
	}
	p := postings{}
	for i, c := range docs {
		p.add(c.id, as[i], st.Avg)
	}
	return latestFile(goneBase, goneRecent, p), nil
}

// analyseAll analyses docs on every processor; a merge reads the text of
// the whole site.
func analyseAll(ctx context.Context, docs []*current) ([]*analysis, error) {
	as := make([]*analysis, len(docs))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(docs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			tz := newTokenizer()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= len(docs) {
					return
				}
				as[i] = tz.analyse(docs[i].doc)
			}
		}()
	}
	wg.Wait()
	return as, ctx.Err()
}

// chunkVersions returns the version of each document file, a new one for
// each file whose bytes changed.
func (st *state) chunkVersions(chunks [][]byte) []int {
	versions := make([]int, len(chunks))
	for i, c := range chunks {
		h := contentHash(c)
		if i == len(st.Chunks) {
			st.Chunks = append(st.Chunks, chunkRef{Hash: h})
		} else if st.Chunks[i].Hash != h {
			st.Chunks[i] = chunkRef{Hash: h, Version: st.Chunks[i].Version + 1}
		}
		versions[i] = st.Chunks[i].Version
	}
	// Files past the end keep their version, so that a number used again
	// later does not take an old name; their hash is forgotten.
	for i := len(chunks); i < len(st.Chunks); i++ {
		if st.Chunks[i].Hash != "" {
			st.Chunks[i] = chunkRef{Version: st.Chunks[i].Version + 1}
		}
	}
	return versions
}

// maxSummary is the longest summary kept for showing with a result, in
// characters.
const maxSummary = 300

// chunkFiles encodes the document files: file i is a JSON array whose
// element j is document number i*size+j as [address, title, summary,
// Unix time, area], or null for a number no document has.
func chunkFiles(cur map[string]*current, next, size int) ([][]byte, error) {
	byID := make([]*Doc, next)
	for _, c := range cur {
		byID[c.id] = c.doc
	}
	var out [][]byte
	for start := 0; start < next; start += size {
		items := make([]any, 0, size)
		for _, d := range byID[start:min(start+size, next)] {
			if d == nil {
				items = append(items, nil)
				continue
			}
			items = append(items, []any{d.URL, d.Title, clip(d.Summary, maxSummary), d.Date.Unix(), d.Area})
		}
		var buf bytes.Buffer
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		if err := enc.Encode(items); err != nil {
			return nil, fmt.Errorf("search: document file: %w", err)
		}
		out = append(out, bytes.TrimRight(buf.Bytes(), "\n"))
	}
	return out, nil
}

// clip cuts s to at most n characters, at a space when there is one, and
// marks the cut with an ellipsis.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	cut := string([]rune(s)[:n])
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + "…"
}
