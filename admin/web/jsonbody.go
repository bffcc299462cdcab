package web

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"reflect"
	"time"

	"github.com/gin-gonic/gin"

	"portal/admin"
)

// maxJSONBody is the largest JSON request body the API reads: the limit Go
// puts on the admin's plain forms, far more than the longest article.
const maxJSONBody = 10 << 20

// limitJSONBody stops reading an API request body at maxJSONBody.
func limitJSONBody(c *gin.Context) {
	if c.Request.Body != nil {
		c.Request.Body = http.MaxBytesReader(c.Writer, c.Request.Body, maxJSONBody)
	}
	c.Next()
}

// decodeJSON reads the request's JSON body into v, which must be a pointer
// to a struct. Whatever is wrong comes back as a domain error that names the
// field and the problem in words the client's user can read, never Go's
// own text: a body that is not JSON, a value of the wrong kind (a time that
// cannot be read among them), a body too large (413), an empty body when
// required.
func decodeJSON(c *gin.Context, v any, required bool) error {
	dec := json.NewDecoder(c.Request.Body)
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = &json.SyntaxError{Offset: dec.InputOffset()}
	}
	if err == nil {
		if _, terr := dec.Token(); terr != nil && !errors.Is(terr, io.EOF) {
			err = terr
		}
	}
	if errors.Is(err, io.EOF) && !required {
		return nil
	}
	return jsonError(err, v)
}

// jsonError turns an error of encoding/json into a domain error.
func jsonError(err error, v any) error {
	var (
		syntax *json.SyntaxError
		typ    *json.UnmarshalTypeError
		tooBig *http.MaxBytesError
	)
	switch {
	case err == nil:
		return nil
	case errors.As(err, &tooBig):
		return admin.Refuse(admin.ETOOLARGE, "json_too_large", "the request is larger than %v MB", maxJSONBody>>20)
	case errors.Is(err, io.EOF):
		return admin.Refuse(admin.EINVALID, "json_empty", "the request has no JSON body")
	case errors.Is(err, io.ErrUnexpectedEOF):
		return admin.Refuse(admin.EINVALID, "json_cut", "the JSON body ends before it is complete")
	case errors.As(err, &syntax):
		return admin.Refuse(admin.EINVALID, "json_syntax", "the body is not valid JSON (at byte %v)", syntax.Offset)
	case errors.As(err, &typ):
		field := typ.Field
		if field == "" {
			return admin.Refuse(admin.EINVALID, "json_body_type", "the request must be %v", valueKind(jsonKind(typ.Type)))
		}
		e := admin.Refuse(admin.EINVALID, "json_type", "the field %v must be %v", field, valueKind(jsonKind(typ.Type)))
		e.Field = field
		return e
	}
	return admin.Refuse(admin.EINVALID, "json_syntax", "the body is not valid JSON (at byte %v)", 0)
}

// valueKind is a message argument naming a kind of JSON value; messages
// say it in the reader's language (the interface string "json_kind_<kind>").
type valueKind string

// jsonKind names the JSON value a Go type reads: "text", "number",
// "true or false", "list", "object".
func jsonKind(t reflect.Type) string {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	switch t.Kind() {
	case reflect.String:
		return "text"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Float32, reflect.Float64:
		return "number"
	case reflect.Bool:
		return "boolean"
	case reflect.Slice, reflect.Array:
		return "list"
	}
	if t == reflect.TypeOf(time.Time{}) || t == reflect.TypeOf(apiTime{}) {
		return "time"
	}
	return "object"
}

// apiTime is a time in a JSON request (RFC 3339). One that cannot be read
// is refused as a value of the wrong kind, so that the refusal names its
// field.
type apiTime struct{ time.Time }

// UnmarshalJSON reads an RFC 3339 time.
func (t *apiTime) UnmarshalJSON(b []byte) error {
	if err := t.Time.UnmarshalJSON(b); err != nil {
		return &json.UnmarshalTypeError{Value: "string", Type: reflect.TypeOf(time.Time{})}
	}
	return nil
}
