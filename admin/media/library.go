package media

import (
	"bytes"
	"fmt"
	"image"
	"image/jpeg"
	"os"
	"path/filepath"

	"golang.org/x/image/draw"

	"portal/admin"
)

// thumbWidth is the width of the previews the admin's library shows.
const thumbWidth = 480

// Library keeps the media library's files in one folder: each cleaned
// picture once, named by its checksum (admin.Media.StoredName), and a
// small JPEG preview of it under thumbs/. The database says which items
// name which file.
type Library struct {
	Dir string
}

// Path is the file of m's picture.
func (l *Library) Path(m *admin.Media) string { return filepath.Join(l.Dir, m.StoredName()) }

// ThumbPath is the file of m's preview.
func (l *Library) ThumbPath(m *admin.Media) string {
	return filepath.Join(l.Dir, "thumbs", m.SHA256+".jpg")
}

// Put stores a cleaned picture and its preview. A picture already stored
// is left as it is. Files are written under a temporary name and renamed,
// so a reader never sees half a file.
func (l *Library) Put(img *Image) error {
	m := &admin.Media{SHA256: img.SHA256, Format: img.Format}
	if _, err := os.Stat(l.Path(m)); err != nil {
		if err := writeAtomic(l.Path(m), img.Data); err != nil {
			return err
		}
	}
	if _, err := os.Stat(l.ThumbPath(m)); err == nil {
		return nil
	}
	thumb, err := Thumbnail(img.Data, thumbWidth)
	if err != nil {
		return err
	}
	return writeAtomic(l.ThumbPath(m), thumb)
}

// Thumbnail returns a JPEG preview of a cleaned picture, width pixels wide
// at most.
func Thumbnail(data []byte, width int) ([]byte, error) {
	src, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("media: thumbnail: %w", err)
	}
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > width {
		w, h = width, max(1, h*width/b.Dx())
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	// White under transparent parts: JPEG has no transparency.
	draw.Draw(dst, dst.Bounds(), image.White, image.Point{}, draw.Src)
	draw.CatmullRom.Scale(dst, dst.Bounds(), src, b, draw.Over, nil)
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 80}); err != nil {
		return nil, fmt.Errorf("media: thumbnail: %w", err)
	}
	return buf.Bytes(), nil
}

func writeAtomic(path string, b []byte) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return fmt.Errorf("media: %w", err)
	}
	f, err := os.CreateTemp(filepath.Dir(path), ".upload-*")
	if err != nil {
		return fmt.Errorf("media: %w", err)
	}
	// On failure the temporary file goes; the error that stopped the
	// write is the one to report, not that of the cleanup.
	if _, err := f.Write(b); err != nil {
		_ = f.Close()
		_ = os.Remove(f.Name())
		return fmt.Errorf("media: %w", err)
	}
	if err := f.Close(); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("media: %w", err)
	}
	if err := os.Rename(f.Name(), path); err != nil {
		_ = os.Remove(f.Name())
		return fmt.Errorf("media: %w", err)
	}
	return nil
}
