// Package admin is the editorial application of the portal: officers of the
// province's units draft articles in each site language, reviewers approve
// them, and the publisher turns what is published into the static site.
//
// This package holds the domain types and errors that every other package
// speaks, the limits on what a text holds, and the one time zone
// (Vietnam). It imports nothing of the project. Its subpackages each do one job:
//
//   - text: NFC normalisation, control characters out, slugs (for every
//     path made from typed text) and diacritic folding for Vietnamese.
//   - store: SQLite persistence (the only package that speaks SQL).
//   - export: writes published articles as a Hugo content tree.
//   - hugo: the only package that calls Hugo; builds a site in-process.
//   - publish: export + build + atomic swap of the served site, one at a time.
//   - seed: the demo content loaded on first start.
//   - markdown: the portal's one Markdown parser (the site's settings), the
//     admin's preview and the checks of links.
//   - media: checks uploaded pictures by content, strips their metadata,
//     and keeps the media library's files.
//   - docx: reads a Word file as an article draft.
//   - search: the public site's search index, built at each publication.
//   - ninjs: the static JSON API (IPTC ninjs documents) in the built site.
//   - rss: RSS 2.0 feeds written in Go (corrections, embargoed releases).
//   - sitecheck: checks a built site (links, other hosts, page weight) and
//     runs the Nu Html Checker and Lighthouse on it.
//   - editorial: the newsroom's rules (roles, workflow, completeness).
//   - web: the HTTP server (Gin): the admin under /admin/ and the built site.
//   - bench: synthetic sites and the figures of the build benchmark.
package admin

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Error codes that map to HTTP statuses and to messages in the user's language.
const (
	ENOTFOUND     = "not_found"
	ECONFLICT     = "conflict"
	EINVALID      = "invalid"
	EFORBIDDEN    = "forbidden"
	EUNAUTHORIZED = "unauthorized"
	ETOOLARGE     = "too_large"
	ETOOMANY      = "too_many" // too many attempts: wait and try again
	EINTERNAL     = "internal"
)

// Error is a domain error: a stable code and a message safe to show a user.
// Field, when set, names the form field the message is about. Key, when
// set, names the message in the interface's catalogue, so that the web
// layer can say it in the user's language (with Args filled in); Message is
// the English text.
type Error struct {
	Code    string
	Field   string
	Key     string
	Args    []any
	Message string
}

// Refuse returns an *Error with a catalogue key and its English message.
func Refuse(code, key, message string, args ...any) *Error {
	return &Error{Code: code, Key: key, Args: args, Message: fmt.Sprintf(message, args...)}
}

func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s: %s", e.Code, e.Field, e.Message)
	}
	return fmt.Sprintf("%s: %s", e.Code, e.Message)
}

// Errorf returns an *Error with the given code and message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// ErrorCode returns the code of the first *Error in err's chain, EINTERNAL
// for any other error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EINTERNAL
}

// ErrorMessage returns the user-facing message of err, or a generic one for
// internal errors, which must never reach a user as they are.
func ErrorMessage(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}

// Language is an error argument that names a site language by its code;
// the web layer writes it as the language's name in the reader's language
// ("tiếng Anh", "English").
type Language string

// MaxQuery is the longest search the portal runs, in characters: longer
// than any title, short enough that no search costs the database much.
const MaxQuery = 200

// CheckQuery refuses a search longer than MaxQuery.
func CheckQuery(q string) error {
	if n := utf8.RuneCountInString(q); n > MaxQuery {
		e := Refuse(EINVALID, "query_too_long", "a search is at most %v characters (this one has %v)", MaxQuery, n)
		e.Field = "q"
		return e
	}
	return nil
}

// ErrorKey returns the message key of the first *Error in err's chain, ""
// when there is none.
func ErrorKey(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Key
	}
	return ""
}
