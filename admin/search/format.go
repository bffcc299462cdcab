package search

import (
	"encoding/binary"
	"errors"
)

var errFormat = errors.New("search: damaged index file")

// reader decodes the binary files of the index. The first error sticks;
// reads after it return zero values.
type reader struct {
	data []byte
	pos  int
	err  error
}

func (r *reader) uvarint() int {
	if r.err != nil {
		return 0
	}
	v, n := binary.Uvarint(r.data[r.pos:])
	if n <= 0 || v > 1<<31 {
		r.err = errFormat
		return 0
	}
	r.pos += n
	return int(v)
}

func (r *reader) bytes(n int) []byte {
	if r.err != nil {
		return nil
	}
	if n < 0 || r.pos+n > len(r.data) {
		r.err = errFormat
		return nil
	}
	b := r.data[r.pos : r.pos+n]
	r.pos += n
	return b
}

// key reads a front-coded key that follows prev.
func (r *reader) key(prev []byte) []byte {
	shared := r.uvarint()
	rest := r.bytes(r.uvarint())
	if shared > len(prev) {
		r.err = errFormat
		return nil
	}
	k := make([]byte, 0, shared+len(rest))
	k = append(k, prev[:shared]...)
	return append(k, rest...)
}

// entry reads what follows a key: its spellings and its postings.
func (r *reader) entry() (variants []string, df int, body []byte) {
	nv := r.uvarint()
	for range nv {
		variants = append(variants, string(r.bytes(r.uvarint())))
	}
	df = r.uvarint()
	body = r.bytes(r.uvarint())
	return variants, df, body
}

// decodePostings reads df postings; masks are present when the key lists
// spellings (see appendEntry).
func decodePostings(body []byte, df int, masks bool) ([]posting, error) {
	r := reader{data: body}
	ps := make([]posting, df)
	id := 0
	for i := range ps {
		id += r.uvarint()
		ps[i].id = int32(id)
		v := r.uvarint()
		if !masks {
			ps[i].impact = uint8(v)
			continue
		}
		ps[i].impact = uint8(v >> 1)
		ps[i].mask = 1
		if v&1 == 1 {
			ps[i].mask = uint64(r.uvarint())
		}
	}
	return ps, r.err
}
