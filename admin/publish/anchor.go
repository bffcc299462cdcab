package publish

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"portal/admin/store"
)

// AnchorFile is the file of the data folder where each publication appends
// the newest entry of the audit log (time, id, hash) before it builds. It
// lives outside the database, so that entries removed from the end of the
// log are found by `portal audit verify` even if the builds table was
// rewritten too. Copy it with backups.
const AnchorFile = "audit-anchors"

// appendAnchor adds a to the anchor file of dataDir and syncs it.
func appendAnchor(dataDir string, a store.Anchor) error {
	f, err := os.OpenFile(filepath.Join(dataDir, AnchorFile), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return fmt.Errorf("publish: anchor: %w", err)
	}
	_, err = fmt.Fprintf(f, "%s %d %s\n", a.At.UTC().Format(time.RFC3339), a.ID, a.Hash)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("publish: anchor: %w", err)
	}
	return nil
}

// ReadAnchors reads the anchor file of dataDir; none when there is no file.
// A line that cannot be read is an error: the file is evidence.
func ReadAnchors(dataDir string) ([]store.Anchor, error) {
	path := filepath.Join(dataDir, AnchorFile)
	f, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("publish: anchors: %w", err)
	}
	defer func() { _ = f.Close() }() // only read
	var out []store.Anchor
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		a, err := ParseAnchor(sc.Text())
		if err != nil {
			return nil, fmt.Errorf("publish: %s line %d: %w", path, n, err)
		}
		a.Source = fmt.Sprintf("%s line %d", AnchorFile, n)
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("publish: anchors: %w", err)
	}
	return out, nil
}

// ParseAnchor reads an anchor written "[time] id hash" (the time may be
// left out, as when an anchor is typed from a paper record).
func ParseAnchor(line string) (store.Anchor, error) {
	var a store.Anchor
	f := strings.Fields(line)
	if len(f) == 3 {
		t, err := time.Parse(time.RFC3339, f[0])
		if err != nil {
			return a, fmt.Errorf("anchor %q: bad time", line)
		}
		a.At, f = t, f[1:]
	}
	if len(f) != 2 {
		return a, fmt.Errorf("anchor %q: want [time] id hash", line)
	}
	id, err := strconv.ParseInt(f[0], 10, 64)
	if err != nil || id < 0 || len(f[1]) != 64 {
		return a, fmt.Errorf("anchor %q: want a number and a SHA-256 in hex", line)
	}
	a.ID, a.Hash = id, f[1]
	return a, nil
}

// anchor records the audit log's newest entry in the anchor file.
func (p *Publisher) anchor(ctx context.Context) error {
	a, err := p.store.AuditHead(ctx)
	if err != nil || a.ID == 0 {
		return err
	}
	a.At = time.Now()
	return appendAnchor(p.cfg.DataDir, a)
}
