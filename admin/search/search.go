// Package search builds the site search: an index per language, written at
// publication time as static files beside the built site, and read in
// small pieces by the site's script (themes/portal/assets/js/search.js),
// so search works from the one binary, from any static copy of the site,
// and sends no request to another host.
//
// # Words
//
// Texts are split into words as Vietnamese is written: syllables separated
// by spaces, so each syllable is a word (Unicode letters, marks and digits;
// everything else separates). Each word is kept in two forms: folded
// (lower case, diacritics removed, đ -> d; text.Fold) is the key it is
// found under, so "binh phuoc" finds "Bình Phước"; exact (lower case, NFC)
// is recorded per document as one of the key's spellings, so that a query
// typed with diacritics ranks first the documents that have its words with
// the same diacritics ("điều" above "điêu" and "dieu"). A query typed
// without diacritics prefers no spelling. Two words that follow each other
// in a text (with only spaces or hyphens between) are also indexed as a
// pair, "binh phuoc": a phrase in a query counts for more than its words
// apart, and a phrase in quotes must be there. Pairs cost less to fetch
// than word positions would: the browser reads only the pair's postings.
//
// # Files
//
// Postings are sorted by key and cut into files of about 16 KiB. The
// ranges adapt to the language: Vietnamese syllables crowd behind a few
// initials (th, tr, ng, nh, ch), so fixed two-letter prefixes would make a
// few files of hundreds of kilobytes. A query fetches manifest.json, for
// each of its keys one file of each level below, and, for the results it
// shows, their document files (8 documents each: address, title, summary,
// date, area). No name is ever reused for other bytes: level files are
// named by a hash of their level, the latest file by its own hash, and
// document files by a version that changes with their content. So a
// browser never mixes pieces of two versions, and every file but the
// manifest can be cached for good.
//
// # Updates
//
// Publishing one article must not rewrite a share of the index, so the
// index has three levels, like a log-structured merge tree:
//
//   - the base: every document as it was at the last merge;
//   - recent: the documents that differ from the base (new or changed),
//     sharded like the base, and the base documents they replace or that
//     were removed;
//   - latest: one small file with the documents that differ from recent,
//     and the documents of both levels below that no longer count.
//
// One new article changes the latest file, one document file and the
// manifest: three files, whatever the size of the site. When the latest
// file passes Options.MaxLatestBytes (every query downloads it), recent is
// rebuilt from the documents that differ from the base; when more than
// Options.MaxRecentDocs documents differ from the base, the base is rebuilt
// from all documents. Both rebuilds rewrite their level's files only,
// once per many publications. Document numbers are kept across rebuilds,
// so the document files of unchanged documents keep their bytes; they are
// renumbered only when a quarter of them are gaps left by removed
// documents. A removed document's entry in its document file goes at once;
// its numbers in the postings of lower levels stay, ignored, until those
// levels are rebuilt.
//
// The levels' files and the record of what they hold live in a state
// folder (<data>/search/<lang>/); each update hard-links (or copies) every
// file into the new build's folder, writes only files that are new, and
// reports how many that were: what a copy of the site on a CDN uploads.
package search

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// Doc is one page readers can find.
type Doc struct {
	Lang string
	// URL is the page's path below its language's home page, such as
	// "dau-tu/thu-hut-fdi/". The browser resolves it against the home
	// page, so the index does not depend on the site's address.
	URL     string
	Title   string
	Summary string
	// Body is the page's text in Markdown; its plain text is indexed
	// (PlainText), and only for documents that are new or changed.
	Body string
	Date time.Time
	Area string // the name of the page's area, shown with the result
}

// Options tunes the index. The zero value means the defaults.
type Options struct {
	// MaxRecentDocs is how many documents may differ from the base (new,
	// changed or removed) before the base is rebuilt (default 300).
	MaxRecentDocs int
	// MaxLatestBytes is the size the latest file may reach before the
	// recent level is rebuilt (default 32 KiB): every query downloads it.
	MaxLatestBytes int
	// ShardBytes is the size level files are cut at (default 16 KiB).
	ShardBytes int
	// ChunkDocs is the number of documents per document file (default 8).
	ChunkDocs int
}

// Defaults returns o with every zero field set to its default.
func (o Options) Defaults() Options {
	if o.MaxRecentDocs <= 0 {
		o.MaxRecentDocs = 300
	}
	if o.MaxLatestBytes <= 0 {
		o.MaxLatestBytes = 32 << 10
	}
	if o.ShardBytes <= 0 {
		o.ShardBytes = 16 << 10
	}
	if o.ChunkDocs <= 0 {
		o.ChunkDocs = 8
	}
	return o
}

// Stats describes one update of a language's index.
type Stats struct {
	Docs   int // documents in the index
	Recent int // documents that differ from the base, removed ones included
	Latest int // of which the latest file has
	// Merged says the base was rebuilt, Rebuilt that the recent level was.
	Merged  bool
	Rebuilt bool
	Files   int // files in the index
	Bytes   int64
	// Written counts files that are new since the last update: what a copy
	// of the site has to upload. Unchanged files were linked from the state
	// folder as they were; Removed ones are no longer used.
	Written   int
	Unchanged int
	Removed   int
}

// ManifestName is the name of the file that names all others. It is the
// only file whose name stays the same when its content changes.
const ManifestName = "manifest.json"

// Update brings the index of lang up to date with docs, every page of the
// language that readers may see, and writes it into outDir (a new build's
// folder; created if needed). stateDir keeps what later updates start
// from, one folder per language. It uses the default Options.
func Update(ctx context.Context, stateDir, outDir, lang string, docs []Doc) (Stats, error) {
	return Options{}.Update(ctx, stateDir, outDir, lang, docs)
}

// Update is the package's Update with these options.
func (o Options) Update(ctx context.Context, stateDir, outDir, lang string, docs []Doc) (Stats, error) {
	o = o.Defaults()
	var stats Stats
	if lang == "" || strings.ContainsAny(lang, `/\.`) {
		return stats, fmt.Errorf("search: bad language %q", lang)
	}
	cur, err := currentDocs(docs, lang)
	if err != nil {
		return stats, err
	}
	dir := filepath.Join(stateDir, lang)
	fdir := filepath.Join(dir, "files")
	st, err := loadState(dir)
	if err != nil {
		return stats, err
	}
	st.number(cur)
	files := map[string][]byte{} // new files, by name

	// The base, rebuilt when too much differs from it.
	changed, goneBase := st.Base.diff(cur)
	if (len(st.Base.First) == 0 && len(cur) > 0) || len(changed)+st.Base.removed(cur) > o.MaxRecentDocs || !st.Base.complete(fdir, "b") {
		st.renumberIfSparse(cur)
		all := make([]*current, 0, len(cur))
		for _, c := range cur {
			all = append(all, c)
		}
		if st.Base, err = st.build(ctx, "b", all, o.ShardBytes, files, true); err != nil {
			return stats, err
		}
		st.Recent = level{}
		st.IDs = map[string]int{}
		changed, goneBase = nil, nil
		stats.Merged = true
	}

	// The latest file; past its limit, recent is rebuilt and it starts
	// empty again.
	latest, goneRecent := st.Recent.diff(cur)
	latest = onlyChanged(latest, changed)
	latestData, err := st.latestFile(ctx, goneBase, goneRecent, latest)
	if err != nil {
		return stats, err
	}
	if len(latestData) > o.MaxLatestBytes || !st.Recent.complete(fdir, "r") {
		if st.Recent, err = st.build(ctx, "r", changed, o.ShardBytes, files, false); err != nil {
			return stats, err
		}
		latest, goneRecent = nil, nil
		if latestData, err = st.latestFile(ctx, goneBase, nil, nil); err != nil {
			return stats, err
		}
		stats.Rebuilt = true
	}
	latestName := "l-" + contentHash(latestData) + ".bin"
	files[latestName] = latestData

	chunks, err := chunkFiles(cur, st.Next, o.ChunkDocs)
	if err != nil {
		return stats, err
	}
	versions := st.chunkVersions(chunks)
	for i, c := range chunks {
		files[chunkName(st.Epoch, i, versions[i])] = c
	}
	m := manifest{Version: formatVersion, Lang: lang, Docs: len(cur),
		Base: st.Base.ref(), Recent: st.Recent.ref(), Latest: latestName,
		Chunk: o.ChunkDocs, Epoch: st.Epoch, Chunks: versions}
	mb, err := json.Marshal(m)
	if err != nil {
		return stats, fmt.Errorf("search: manifest: %w", err)
	}

	// Write what is new, then the record of it, then drop what is no
	// longer used: an interruption anywhere leaves the last state whole.
	if err := os.MkdirAll(fdir, 0o755); err != nil {
		return stats, fmt.Errorf("search: %w", err)
	}
	keep := map[string]bool{ManifestName: true}
	for _, name := range append(st.Base.names("b"), st.Recent.names("r")...) {
		keep[name] = true
	}
	for name := range files {
		keep[name] = true
	}
	files[ManifestName] = mb
	for name := range keep {
		p := filepath.Join(fdir, name)
		data, ok := files[name]
		if !ok {
			// A level file kept from an earlier update (complete checked
			// that it is there); its name says what it holds.
			stats.Unchanged++
			continue
		}
		// Compared, not trusted by name: an update interrupted before it
		// saved its state may have left other bytes under a name.
		if old, err := os.ReadFile(p); err == nil && bytes.Equal(old, data) {
			stats.Unchanged++
			continue
		}
		if err := writeAtomic(p, data); err != nil {
			return stats, err
		}
		stats.Written++
	}
	if err := st.save(dir); err != nil {
		return stats, err
	}
	if stats.Removed, err = prune(fdir, keep); err != nil {
		return stats, err
	}
	if stats.Files, stats.Bytes, err = linkAll(fdir, outDir, keep); err != nil {
		return stats, err
	}
	stats.Docs = len(cur)
	stats.Recent = len(changed) + st.Base.removed(cur)
	stats.Latest = len(latest)
	inLatest := map[int]bool{}
	for _, c := range latest {
		inLatest[c.id] = true
	}
	for _, id := range goneRecent {
		if !inLatest[id] {
			stats.Latest++
		}
	}
	return stats, nil
}

// onlyChanged keeps the documents of latest that differ from the base:
// one that went back to its base version needs no postings of its own.
func onlyChanged(latest, changed []*current) []*current {
	in := make(map[*current]bool, len(changed))
	for _, c := range changed {
		in[c] = true
	}
	out := latest[:0]
	for _, c := range latest {
		if in[c] {
			out = append(out, c)
		}
	}
	return out
}

// manifest is manifest.json: what the browser reads first.
type manifest struct {
	Version int      `json:"version"`
	Lang    string   `json:"lang"`
	Docs    int      `json:"docs"` // documents readers can find
	Base    levelRef `json:"base"`
	Recent  levelRef `json:"recent"`
	Latest  string   `json:"latest"` // the latest file's name
	Chunk   int      `json:"chunk"`  // documents per document file
	// Document file i, holding numbers i*chunk..., is named
	// d-<epoch>-<i>-<chunks[i]>.json.
	Epoch  string `json:"epoch"`
	Chunks []int  `json:"chunks"`
}

// levelRef names a level's files: <b|r>-<gen>-<i>.bin, file i holding the
// keys from first[i] on; a key is in the last file whose first is not
// after it.
type levelRef struct {
	Gen   string   `json:"gen"`
	First []string `json:"first"`
}

func chunkName(epoch string, i, version int) string {
	return fmt.Sprintf("d-%s-%d-%d.json", epoch, i, version)
}

func shardName(prefix, gen string, i int) string {
	return fmt.Sprintf("%s-%s-%d.bin", prefix, gen, i)
}
