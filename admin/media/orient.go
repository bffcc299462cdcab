package media

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"image/png"

	"github.com/bep/imagemeta"
	"github.com/gohugoio/gift"
)

// jpegQuality is the quality of a picture encoded again after turning it:
// high enough that a second generation shows no blocks.
const jpegQuality = 92

// orientFilters turn a picture stored with EXIF Orientation o into how it
// is meant to be seen (Hugo uses the same table).
var orientFilters = map[int]gift.Filter{
	2: gift.FlipHorizontal(),
	3: gift.Rotate180(),
	4: gift.FlipVertical(),
	5: gift.Transpose(),
	6: gift.Rotate270(), // 90° clockwise
	7: gift.Transverse(),
	8: gift.Rotate90(), // 90° counter-clockwise
}

// orientation returns the Orientation in an EXIF block (a TIFF structure),
// from 1 to 8, and 1 when there is none or it cannot be read: the tag goes
// with the rest of the EXIF anyway, and an unreadable one tells nothing
// worth refusing for. The block is the one the strip found, not the whole
// file: the reader's own WebP walk does not skip the pad byte after a chunk
// of odd size, and would miss the EXIF of many real files.
func orientation(tiff []byte) int {
	if len(tiff) == 0 {
		return 1
	}
	o := 1
	_, err := imagemeta.Decode(imagemeta.Options{
		R:           bytes.NewReader(tiff),
		ImageFormat: imagemeta.TIFF,
		Sources:     imagemeta.EXIF,
		ShouldHandleTag: func(ti imagemeta.TagInfo) bool {
			return ti.Namespace == "IFD0" && ti.Tag == "Orientation"
		},
		HandleTag: func(ti imagemeta.TagInfo) error {
			if v, ok := exifInt(ti.Value); ok && v >= 1 && v <= 8 {
				o = v
			}
			return imagemeta.ErrStopWalking
		},
	})
	if err != nil {
		// The walk stops at the tag, so an error means it was not read.
		return 1
	}
	return o
}

func exifInt(v any) (int, bool) {
	switch v := v.(type) {
	case uint8:
		return int(v), true
	case uint16:
		return int(v), true
	case uint32:
		return int(v), true
	case int16:
		return int(v), true
	case int32:
		return int(v), true
	}
	return 0, false
}

// reorient turns src upright per orientation o and encodes it again: in its
// own format when there is an encoder for it, else (WebP) as JPEG or, when
// it has transparent pixels, as PNG. The colour profile of s goes along when
// it still describes the encoded pixels.
func reorient(src image.Image, o int, f *format, s *stripped) ([]byte, *format, error) {
	out := f
	if f == formatWebP {
		out = formatPNG
		if op, ok := src.(interface{ Opaque() bool }); ok && op.Opaque() {
			out = formatJPEG
		}
	}
	g := gift.New(orientFilters[o])
	dst := canvas(src, g.Bounds(src.Bounds()), out)
	if err := g.Draw(dst, src); err != nil {
		return nil, nil, fmt.Errorf("media: turn picture: %w", err)
	}
	_, grey := dst.(*image.Gray)
	if _, grey16 := dst.(*image.Gray16); grey16 {
		grey = true
	}

	var buf bytes.Buffer
	if out == formatJPEG {
		if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: jpegQuality}); err != nil {
			return nil, nil, fmt.Errorf("media: encode jpeg: %w", err)
		}
		data := buf.Bytes()
		if iccFits(s.icc, grey) {
			data = withICC(data, s.icc)
		}
		return data, out, nil
	}

	if err := png.Encode(&buf, dst); err != nil {
		return nil, nil, fmt.Errorf("media: encode png: %w", err)
	}
	var chunks [][]byte
	if f == formatPNG {
		for _, c := range s.pngColour {
			// An ICC profile is for grey or for colour pixels; the rest of
			// the colour chunks hold for both.
			if string(c[4:8]) != "iCCP" || s.pngGrey == grey {
				chunks = append(chunks, c)
			}
		}
	} else if iccFits(s.icc, grey) {
		c, err := iccpChunk(s.icc)
		if err != nil {
			return nil, nil, err
		}
		chunks = append(chunks, c)
	}
	return withChunks(buf.Bytes(), chunks), out, nil
}

// canvas returns an image of bounds r to draw src into, of a type the
// encoder of out writes without losing src's depth or grey.
func canvas(src image.Image, r image.Rectangle, out *format) draw.Image {
	switch src.(type) {
	case *image.Gray:
		return image.NewGray(r)
	case *image.Gray16:
		if out == formatPNG {
			return image.NewGray16(r)
		}
		return image.NewGray(r)
	case *image.RGBA64, *image.NRGBA64:
		if out == formatPNG {
			return image.NewNRGBA64(r)
		}
	}
	if out == formatJPEG {
		return image.NewRGBA(r) // the encoder's fast path; JPEG has no alpha
	}
	return image.NewNRGBA(r)
}

// iccFits reports whether profile describes the pixels an encoder writes:
// grey ones, or RGB ones (never CMYK: the decoder has already converted).
func iccFits(profile []byte, grey bool) bool {
	if len(profile) < 20 {
		return false
	}
	space := string(profile[16:20])
	if grey {
		return space == "GRAY"
	}
	return space == "RGB "
}
