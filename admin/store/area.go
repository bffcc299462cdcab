package store

import (
	"context"
	"database/sql"
	"fmt"

	"portal/admin"
	"portal/admin/text"
)

// PutArea creates the area with a.Key, or updates its weight and names.
func (db *DB) PutArea(ctx context.Context, a *admin.Area) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO areas (key, weight) VALUES (?, ?)
			ON CONFLICT (key) DO UPDATE SET weight = excluded.weight
			RETURNING id`, a.Key, a.Weight).Scan(&a.ID)
		if err != nil {
			return mapErr("put area", err)
		}
		for lang, n := range a.Names {
			if !text.ValidSlug(n.Slug) {
				return admin.Errorf(admin.EINVALID, "area %s: invalid slug %q", a.Key, n.Slug)
			}
			_, err := tx.ExecContext(ctx, `
				INSERT INTO area_names (area_id, lang, name, slug, description) VALUES (?, ?, ?, ?, ?)
				ON CONFLICT (area_id, lang) DO UPDATE SET name = excluded.name,
					slug = excluded.slug, description = excluded.description`,
				a.ID, lang, text.Line(n.Name), n.Slug, text.Clean(n.Description))
			if err != nil {
				return mapErr("put area name", err)
			}
		}
		return nil
	})
}

// Areas returns every area, by weight.
func (db *DB) Areas(ctx context.Context) ([]*admin.Area, error) {
	rows, err := db.db.QueryContext(ctx, `
		SELECT a.id, a.key, a.weight, n.lang, n.name, n.slug, n.description
		FROM areas a LEFT JOIN area_names n ON n.area_id = a.id
		ORDER BY a.weight, a.id, n.lang`)
	if err != nil {
		return nil, mapErr("areas", err)
	}
	defer rows.Close()
	var areas []*admin.Area
	for rows.Next() {
		var (
			a                   admin.Area
			lang, name, slug, d sql.NullString
		)
		if err := rows.Scan(&a.ID, &a.Key, &a.Weight, &lang, &name, &slug, &d); err != nil {
			return nil, mapErr("areas", err)
		}
		if len(areas) == 0 || areas[len(areas)-1].ID != a.ID {
			a.Names = map[string]admin.AreaName{}
			areas = append(areas, &a)
		}
		if lang.Valid {
			areas[len(areas)-1].Names[lang.String] = admin.AreaName{Name: name.String, Slug: slug.String, Description: d.String}
		}
	}
	return areas, mapErr("areas", rows.Err())
}

// AreaByKey returns the area with the given key.
func (db *DB) AreaByKey(ctx context.Context, key string) (*admin.Area, error) {
	areas, err := db.Areas(ctx)
	if err != nil {
		return nil, err
	}
	for _, a := range areas {
		if a.Key == key {
			return a, nil
		}
	}
	return nil, admin.Errorf(admin.ENOTFOUND, "no area %q", key)
}

// PutUnit creates the unit with u.Key, or updates its kind and names, and
// records ev.
func (db *DB) PutUnit(ctx context.Context, u *admin.Unit, ev *admin.Event) error {
	return db.tx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, `
			INSERT INTO units (key, kind, created_at) VALUES (?, ?, ?)
			ON CONFLICT (key) DO UPDATE SET kind = excluded.kind
			RETURNING id`, u.Key, u.Kind, db.now()).Scan(&u.ID)
		if err != nil {
			return mapErr("put unit", err)
		}
		for lang, name := range u.Names {
			_, err := tx.ExecContext(ctx, `
				INSERT INTO unit_names (unit_id, lang, name) VALUES (?, ?, ?)
				ON CONFLICT (unit_id, lang) DO UPDATE SET name = excluded.name`,
				u.ID, lang, text.Line(name))
			if err != nil {
				return mapErr("put unit name", err)
			}
		}
		return db.appendEvent(ctx, tx, ev)
	})
}

// UnitByKey returns the unit with the given key.
func (db *DB) UnitByKey(ctx context.Context, key string) (*admin.Unit, error) {
	u := admin.Unit{Names: map[string]string{}}
	err := db.db.QueryRowContext(ctx, `SELECT id, key, kind FROM units WHERE key = ?`, key).Scan(&u.ID, &u.Key, &u.Kind)
	if err != nil {
		return nil, mapErr(fmt.Sprintf("unit %q", key), err)
	}
	rows, err := db.db.QueryContext(ctx, `SELECT lang, name FROM unit_names WHERE unit_id = ?`, u.ID)
	if err != nil {
		return nil, mapErr("unit names", err)
	}
	defer rows.Close()
	for rows.Next() {
		var lang, name string
		if err := rows.Scan(&lang, &name); err != nil {
			return nil, mapErr("unit names", err)
		}
		u.Names[lang] = name
	}
	return &u, mapErr("unit names", rows.Err())
}

// UnitByID returns the unit with the given id.
func (db *DB) UnitByID(ctx context.Context, id int64) (*admin.Unit, error) {
	var key string
	if err := db.db.QueryRowContext(ctx, `SELECT key FROM units WHERE id = ?`, id).Scan(&key); err != nil {
		return nil, mapErr(fmt.Sprintf("unit %d", id), err)
	}
	return db.UnitByKey(ctx, key)
}
