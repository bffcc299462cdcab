package media

import (
	"bytes"
	"compress/zlib"
	"encoding/binary"
	"fmt"
	"hash/crc32"
)

const pngSignature = "\x89PNG\r\n\x1a\n"

// pngKeep names the PNG chunks a cleaned file keeps: the critical ones and
// those that say how to show the colours. Text (tEXt, zTXt, iTXt), eXIf,
// tIME, sPLT (it carries a free name), private chunks and those of APNG
// (whose frames the checked decoder never reads) all go.
var pngKeep = map[string]bool{
	"IHDR": true, "PLTE": true, "IDAT": true, "IEND": true,
	"tRNS": true, "cHRM": true, "gAMA": true, "iCCP": true, "sBIT": true,
	"sRGB": true, "cICP": true, "mDCV": true, "cLLI": true, "bKGD": true,
	"hIST": true, "pHYs": true,
}

// pngColour names the chunks that still hold when the pixels are encoded
// again in another PNG colour type of the same kind (grey or colour).
var pngColour = map[string]bool{"iCCP": true, "sRGB": true, "gAMA": true, "cHRM": true}

// stripPNG copies the chunks of data that pngKeep names, byte for byte
// with their CRC, up to IEND.
func stripPNG(data []byte) (*stripped, error) {
	s := &stripped{}
	out := make([]byte, 0, len(data))
	out = append(out, pngSignature...)
	i := len(pngSignature)
	for {
		if i+12 > len(data) {
			return nil, refuseDamaged()
		}
		n := binary.BigEndian.Uint32(data[i:])
		typ := string(data[i+4 : i+8])
		if n > 1<<31-1 || int64(i)+12+int64(n) > int64(len(data)) {
			return nil, refuseDamaged()
		}
		chunk := data[i : i+12+int(n)]
		if i == len(pngSignature) {
			if typ != "IHDR" || n != 13 {
				return nil, refuseDamaged()
			}
			colourType := chunk[8+9]
			s.pngGrey = colourType == 0 || colourType == 4
		}
		i += len(chunk)
		if typ == "eXIf" && s.exif == nil {
			s.exif = chunk[8 : 8+n]
		}
		if !pngKeep[typ] {
			continue
		}
		out = append(out, chunk...)
		if pngColour[typ] {
			s.pngColour = append(s.pngColour, chunk)
		}
		if typ == "IEND" {
			s.data = out
			return s, nil
		}
	}
}

// pngChunk returns a chunk of type typ holding data.
func pngChunk(typ string, data []byte) []byte {
	c := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	c = append(c, typ...)
	c = append(c, data...)
	return binary.BigEndian.AppendUint32(c, crc32.ChecksumIEEE(c[4:]))
}

// iccpChunk returns an iCCP chunk holding profile.
func iccpChunk(profile []byte) ([]byte, error) {
	var z bytes.Buffer
	z.WriteString("ICC profile\x00\x00") // name, compression method 0
	w := zlib.NewWriter(&z)
	if _, err := w.Write(profile); err != nil {
		return nil, fmt.Errorf("media: colour profile: %w", err)
	}
	if err := w.Close(); err != nil {
		return nil, fmt.Errorf("media: colour profile: %w", err)
	}
	return pngChunk("iCCP", z.Bytes()), nil
}

// withChunks inserts chunks after the IHDR of a PNG that image/png wrote,
// where colour chunks belong (before PLTE and IDAT).
func withChunks(p []byte, chunks [][]byte) []byte {
	const ihdrEnd = len(pngSignature) + 12 + 13
	if len(chunks) == 0 || len(p) < ihdrEnd {
		return p
	}
	out := make([]byte, 0, len(p)+len(chunks)*64)
	out = append(out, p[:ihdrEnd]...)
	for _, c := range chunks {
		out = append(out, c...)
	}
	return append(out, p[ihdrEnd:]...)
}
