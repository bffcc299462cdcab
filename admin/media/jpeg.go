package media

import (
	"bytes"
	"encoding/binary"
	"maps"
	"slices"
)

// JPEG markers that matter here.
const (
	markerSOI   = 0xD8
	markerEOI   = 0xD9
	markerSOS   = 0xDA
	markerAPP0  = 0xE0
	markerAPP1  = 0xE1
	markerAPP2  = 0xE2
	markerAPP14 = 0xEE
)

const (
	jfifID = "JFIF\x00"
	exifID = "Exif\x00\x00"
	iccID  = "ICC_PROFILE\x00"
	// jfifLen is the JFIF APP0 payload without its thumbnail: identifier,
	// version, density units, X and Y density, thumbnail width and height.
	jfifLen = 14
	// adobeLen is the APP14 Adobe payload.
	adobeLen = 12
	// iccChunk is the most profile data one APP2 segment holds.
	iccChunk = 0xFFFF - 2 - len(iccID) - 2
)

// stripJPEG copies the segments of data that the picture needs, and the
// entropy-coded data after each SOS byte for byte.
func stripJPEG(data []byte) (*stripped, error) {
	out := make([]byte, 0, len(data))
	out = append(out, 0xFF, markerSOI)
	s := &stripped{}
	var icc iccChunks
	i := 2
	for {
		// Markers may be preceded by any number of 0xFF fill bytes.
		if i >= len(data) || data[i] != 0xFF {
			return nil, refuseDamaged()
		}
		for i < len(data) && data[i] == 0xFF {
			i++
		}
		if i >= len(data) {
			return nil, refuseDamaged()
		}
		marker := data[i]
		i++
		switch {
		case marker == markerEOI:
			s.data, s.icc = append(out, 0xFF, markerEOI), icc.profile()
			return s, nil
		case marker >= 0xD0 && marker <= 0xD7:
			out = append(out, 0xFF, marker) // RSTn: no length
			continue
		case marker == 0x00 || marker == 0x01 || marker == markerSOI:
			return nil, refuseDamaged()
		}
		if i+2 > len(data) {
			return nil, refuseDamaged()
		}
		n := int(binary.BigEndian.Uint16(data[i:]))
		if n < 2 || i+n > len(data) {
			return nil, refuseDamaged()
		}
		payload := data[i+2 : i+n]
		i += n
		switch {
		case marker == markerAPP1:
			if exif, ok := bytes.CutPrefix(payload, []byte(exifID)); ok && s.exif == nil {
				s.exif = exif
			}
		case marker == markerAPP0:
			if len(payload) >= jfifLen && string(payload[:len(jfifID)]) == jfifID {
				// Keep the density, drop the thumbnail: it shows the
				// picture as it was before any crop.
				seg := append([]byte{0xFF, markerAPP0, 0, 2 + jfifLen}, payload[:jfifLen]...)
				seg[len(seg)-2], seg[len(seg)-1] = 0, 0
				out = append(out, seg...)
			}
		case marker == markerAPP2:
			if bytes.HasPrefix(payload, []byte(iccID)) && len(payload) >= len(iccID)+2 {
				out = appendSegment(out, marker, payload)
				icc.add(payload[len(iccID)], payload[len(iccID)+1], payload[len(iccID)+2:])
			}
		case marker == markerAPP14:
			// Decoders read the first 12 bytes (identifier, version, flags,
			// colour transform); anything after them could hide data.
			if len(payload) >= adobeLen && bytes.HasPrefix(payload, []byte("Adobe")) {
				out = appendSegment(out, marker, payload[:adobeLen])
			}
		case marker >= 0xC0 && marker <= 0xCF, // SOFn, DHT, DAC
			marker >= 0xDB && marker <= 0xDF: // DQT, DNL, DRI, DHP, EXP
			out = appendSegment(out, marker, payload)
		case marker == markerSOS:
			out = appendSegment(out, marker, payload)
			// Entropy-coded data run to the next marker that is neither a
			// stuffed 0xFF00 nor a restart marker.
			j := i
			for j+1 < len(data) {
				if data[j] == 0xFF {
					if m := data[j+1]; m != 0x00 && (m < 0xD0 || m > 0xD7) {
						break
					}
					j++
				}
				j++
			}
			if j+1 >= len(data) {
				return nil, refuseDamaged()
			}
			out = append(out, data[i:j]...)
			i = j
		}
		// Everything else goes: APP1 (Exif, XMP), APP13 (IPTC), the other
		// APPn, COM, and the reserved JPGn markers.
	}
}

func appendSegment(out []byte, marker byte, payload []byte) []byte {
	out = append(out, 0xFF, marker)
	out = binary.BigEndian.AppendUint16(out, uint16(2+len(payload)))
	return append(out, payload...)
}

// iccChunks gathers an ICC profile split over APP2 segments, each numbered
// seq of count.
type iccChunks struct {
	count  byte
	chunks map[byte][]byte
	bad    bool
}

func (c *iccChunks) add(seq, count byte, data []byte) {
	if c.chunks == nil {
		c.chunks, c.count = map[byte][]byte{}, count
	}
	if seq == 0 || seq > count || count != c.count || c.chunks[seq] != nil {
		c.bad = true
		return
	}
	c.chunks[seq] = data
}

// profile returns the whole profile, or nil when chunks are missing or
// inconsistent.
func (c *iccChunks) profile() []byte {
	if c.bad || c.chunks == nil || len(c.chunks) != int(c.count) {
		return nil
	}
	var p []byte
	for _, seq := range slices.Sorted(maps.Keys(c.chunks)) {
		p = append(p, c.chunks[seq]...)
	}
	return p
}

// withICC inserts profile as APP2 segments after the SOI of a JPEG.
func withICC(jpg, profile []byte) []byte {
	count := (len(profile) + iccChunk - 1) / iccChunk
	if len(profile) == 0 || count > 255 {
		return jpg
	}
	out := make([]byte, 0, len(jpg)+len(profile)+count*(4+len(iccID)+2))
	out = append(out, jpg[:2]...)
	for seq := 1; seq <= count; seq++ {
		chunk := profile[(seq-1)*iccChunk : min(seq*iccChunk, len(profile))]
		payload := append(append([]byte(iccID), byte(seq), byte(count)), chunk...)
		out = appendSegment(out, markerAPP2, payload)
	}
	return append(out, jpg[2:]...)
}
