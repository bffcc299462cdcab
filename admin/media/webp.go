package media

import (
	"bytes"
	"encoding/binary"

	"portal/admin"
)

// Flags of the VP8X chunk's first byte.
const (
	vp8xAnimation = 1 << 1
	vp8xXMP       = 1 << 2
	vp8xEXIF      = 1 << 3
)

// webpKeep names the RIFF chunks a cleaned WebP keeps: the picture, its
// alpha, the extended header and the colour profile.
var webpKeep = map[string]bool{"VP8X": true, "VP8 ": true, "VP8L": true, "ALPH": true, "ICCP": true}

// stripWebP copies the chunks of data that webpKeep names, clears the
// metadata flags of VP8X and writes the new RIFF size. Bytes after the
// RIFF form go.
func stripWebP(data []byte) (*stripped, error) {
	size := binary.LittleEndian.Uint32(data[4:])
	if size < 4 || int64(size)+8 > int64(len(data)) {
		return nil, refuseDamaged()
	}
	end := 8 + int(size)
	s := &stripped{}
	out := make([]byte, 0, end)
	out = append(out, data[:12]...)
	for i := 12; i < end; {
		if i+8 > end {
			return nil, refuseDamaged()
		}
		id := string(data[i : i+4])
		n := int64(binary.LittleEndian.Uint32(data[i+4:]))
		next := int64(i) + 8 + n + n&1 // chunks are padded to an even size
		if next > int64(end) {
			return nil, refuseDamaged()
		}
		chunk := data[i:next]
		i = int(next)
		switch {
		case id == "ANIM" || id == "ANMF":
			return nil, refuseAnimated()
		case id == "VP8X":
			if n != 10 {
				return nil, refuseDamaged()
			}
			if chunk[8]&vp8xAnimation != 0 {
				return nil, refuseAnimated()
			}
			chunk = append([]byte(nil), chunk...)
			chunk[8] &^= vp8xEXIF | vp8xXMP
		case id == "ICCP":
			s.icc = chunk[8 : 8+n]
		case id == "EXIF":
			if s.exif == nil {
				// Some writers keep the JPEG APP1 header in front.
				s.exif, _ = bytes.CutPrefix(chunk[8:8+n], []byte(exifID))
			}
			continue
		case !webpKeep[id]:
			continue
		}
		out = append(out, chunk...)
	}
	binary.LittleEndian.PutUint32(out[4:], uint32(len(out)-8))
	s.data = out
	return s, nil
}

func refuseAnimated() error {
	return admin.Refuse(admin.EINVALID, "media_not_image",
		"animated pictures are not accepted: upload a still JPEG, PNG or WebP image")
}
