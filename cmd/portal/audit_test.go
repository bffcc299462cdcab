package main

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"testing"
)

// Removing the newest entries of the audit log leaves the chain whole; the
// anchors recorded by each build (in the database and in the data folder's
// anchor file) and an anchor given by hand still find it.
func TestAuditVerifyFindsRemovedNewestEntries(t *testing.T) {
	ctx := context.Background()
	data := t.TempDir()
	env := envFunc(map[string]string{"PORTAL_DATA": data})
	var out bytes.Buffer
	must := func(args ...string) {
		t.Helper()
		var in io.Reader
		if args[0] == "user" {
			in = strings.NewReader("một mật khẩu đủ dài\n")
		}
		if err := run(ctx, args, env, in, &out, io.Discard); err != nil {
			t.Fatalf("%v: %v", args, err)
		}
	}
	must("seed")
	must("build")
	must("user", "add", "--username", "bien.tap", "--role", "editor")
	must("user", "add", "--username", "phong.vien", "--role", "contributor", "--unit", "so-tttt")
	must("audit", "verify")

	db, err := sql.Open("sqlite3", filepath.Join(data, "portal.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	var anchored, newest int64
	var newestHash string
	if err := db.QueryRow(`SELECT audit_id FROM builds ORDER BY id DESC LIMIT 1`).Scan(&anchored); err != nil || anchored == 0 {
		t.Fatalf("the build recorded no anchor: %d, %v", anchored, err)
	}
	if err := db.QueryRow(`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`).Scan(&newest, &newestHash); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DROP TRIGGER audit_log_no_delete`); err != nil {
		t.Fatal(err)
	}
	verify := func(args ...string) error {
		return run(ctx, append([]string{"audit", "verify"}, args...), env, nil, io.Discard, io.Discard)
	}

	// Only the very newest entry removed: after the last build, so only an
	// anchor kept elsewhere finds it.
	if _, err := db.Exec(`DELETE FROM audit_log WHERE id = ?`, newest); err != nil {
		t.Fatal(err)
	}
	if err := verify(); err != nil {
		t.Fatalf("without an outside anchor: %v", err)
	}
	err = verify("--anchor", fmt.Sprintf("%d %s", newest, newestHash))
	if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("entries %d to %d are missing", newest, newest)) {
		t.Errorf("with the newest entry as anchor: %v", err)
	}

	// Entries back to the one the build recorded removed.
	if _, err := db.Exec(`DELETE FROM audit_log WHERE id >= ?`, anchored); err != nil {
		t.Fatal(err)
	}
	err = verify()
	if err == nil || !strings.Contains(err.Error(), "build 1 recorded entry") {
		t.Errorf("after removing the entries a build recorded: %v", err)
	}
	// And the builds' records removed as well: the anchor file remains.
	if _, err := db.Exec(`DELETE FROM builds`); err != nil {
		t.Fatal(err)
	}
	err = verify()
	if err == nil || !strings.Contains(err.Error(), "audit-anchors line 1 recorded entry") {
		t.Errorf("after removing the builds too: %v", err)
	}
}
