package store

import (
	"context"
	"database/sql"
	"fmt"

	"portal/admin"
)

// RecordSite records what the site built by build shows, once it is the
// served site: shown gives the version each translation's pages show;
// left gives, for the translations the build had to leave out, why. Every
// other translation is shown by no page. A translation newly left out is
// recorded in the audit log. One transaction; only rows that change are
// written.
func (db *DB) RecordSite(ctx context.Context, build int64, shown map[int64]int, left map[int64]string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		rows, err := siteRows(ctx, tx)
		if err != nil {
			return err
		}
		for _, r := range rows {
			version, reason := shown[r.id], left[r.id]
			if version == r.siteVersion && reason == r.siteError {
				continue
			}
			if _, err := tx.ExecContext(ctx, `UPDATE translations SET site_version = ?, site_error = ?, site_build = ? WHERE id = ?`,
				version, reason, build, r.id); err != nil {
				return mapErr("record site", err)
			}
			if reason != "" && reason != r.siteError {
				ev := &admin.Event{Action: "site.left_out", Actor: "system", Object: fmt.Sprintf("article/%d/%s", r.articleID, r.lang),
					Detail: fmt.Sprintf("build %d left version %d out: %s", build, r.liveVersion, reason)}
				if err := db.appendEvent(ctx, tx, ev); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// RecordSiteFailure records that build failed as a whole: the served site
// is unchanged, and every translation still waiting for the site gets
// reason as what stops it.
func (db *DB) RecordSiteFailure(ctx context.Context, build int64, reason string) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, `UPDATE translations SET site_error = ?, site_build = ?
			WHERE site_version != live_version AND site_error != ?`, reason, build, reason)
		return mapErr("record site failure", err)
	})
}

type siteRow struct {
	id, articleID            int64
	lang                     string
	liveVersion, siteVersion int
	siteError                string
}

func siteRows(ctx context.Context, tx *sql.Tx) ([]siteRow, error) {
	rows, err := tx.QueryContext(ctx, `SELECT id, article_id, lang, live_version, site_version, site_error FROM translations`)
	if err != nil {
		return nil, mapErr("site state", err)
	}
	defer rows.Close()
	var out []siteRow
	for rows.Next() {
		var r siteRow
		if err := rows.Scan(&r.id, &r.articleID, &r.lang, &r.liveVersion, &r.siteVersion, &r.siteError); err != nil {
			return nil, mapErr("site state", err)
		}
		out = append(out, r)
	}
	return out, mapErr("site state", rows.Err())
}

// SiteProblem is a published language version readers do not see, and why.
type SiteProblem struct {
	ArticleID int64
	Lang      string
	Title     string
	Version   int
	Error     string
	// People are the users the problem concerns: the version's author,
	// last editor and approver.
	People []int64
}

// SiteProblems returns the published language versions the last builds
// could not bring to readers, oldest article first.
func (db *DB) SiteProblems(ctx context.Context) ([]*SiteProblem, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT article_id, lang, title, live_version, site_error,
			COALESCE(author_id, 0), COALESCE(last_editor_id, 0), COALESCE(approved_by, 0)
		FROM translations WHERE live_version > 0 AND site_version != live_version AND site_error != ''
		ORDER BY article_id, lang`)
	if err != nil {
		return nil, mapErr("site problems", err)
	}
	defer rows.Close()
	var out []*SiteProblem
	for rows.Next() {
		var (
			p                  SiteProblem
			author, editor, ok int64
		)
		if err := rows.Scan(&p.ArticleID, &p.Lang, &p.Title, &p.Version, &p.Error, &author, &editor, &ok); err != nil {
			return nil, mapErr("site problems", err)
		}
		for _, id := range []int64{author, editor, ok} {
			if id != 0 {
				p.People = append(p.People, id)
			}
		}
		out = append(out, &p)
	}
	return out, mapErr("site problems", rows.Err())
}
