package mailmerge_test

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"github.com/r2p-coalition/r2p/internal/letters/mailmerge"
)

func picture(w, h int) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		img.Set(x, x*h/max(w, 1), color.RGBA{200, 30, 30, 255})
	}
	return img
}

func pngLogo(t testing.TB, w, h int) []byte {
	var buf bytes.Buffer
	if err := png.Encode(&buf, picture(w, h)); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func jpegLogo(t testing.TB, w, h int) []byte {
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, picture(w, h), nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// interlaced is a PNG whose header says Adam7 interlacing, which Go reads
// but fpdf does not; the pixel data does not matter to either check.
func interlaced(t testing.TB) []byte {
	data := pngLogo(t, 40, 20)
	const ihdr = 8 + 4  // the signature, the chunk's length
	data[ihdr+4+12] = 1 // type, width, height, depth, colour, compression, filter: interlace
	binary.BigEndian.PutUint32(data[ihdr+4+13:], crc32.ChecksumIEEE(data[ihdr:ihdr+4+13]))
	return data
}

func TestValidateLogo(t *testing.T) {
	var gifLogo bytes.Buffer
	if err := gif.Encode(&gifLogo, picture(20, 10), nil); err != nil {
		t.Fatal(err)
	}
	tooBig := append(pngLogo(t, 10, 10), make([]byte, mailmerge.MaxLogoBytes)...)
	tests := []struct {
		name string
		data []byte
		want string // "" for valid
	}{
		{"PNG", pngLogo(t, 300, 100), ""},
		{"JPEG", jpegLogo(t, 300, 100), ""},
		{"2000 px", pngLogo(t, 2000, 40), ""},
		{"GIF", gifLogo.Bytes(), "not a PNG or JPEG image"},
		{"text", []byte("<svg xmlns='http://www.w3.org/2000/svg'/>"), "not a PNG or JPEG image"},
		{"empty", nil, "not a PNG or JPEG image"},
		{"over 1 MB", tooBig, fmt.Sprintf("the file has %d bytes; at most 1048576 (1 MB)", len(tooBig))},
		{"too wide", pngLogo(t, 2001, 10), "the image is 2001×10 pixels; at most 2000 on each side"},
		{"too tall", jpegLogo(t, 10, 2400), "the image is 10×2400 pixels; at most 2000 on each side"},
		{"truncated PNG", pngLogo(t, 300, 100)[:20], "the image cannot be read: unexpected EOF"},
		{"interlaced PNG", interlaced(t), "interlacing not supported in PNG buffer"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := mailmerge.ValidateLogo(tt.data)
			if tt.want == "" {
				if err != nil {
					t.Fatalf("ValidateLogo = %v, want nil", err)
				}
				return
			}
			if !errors.Is(err, mailmerge.ErrLogo) || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("ValidateLogo = %v, want ErrLogo saying %q", err, tt.want)
			}
		})
	}
}

// A letter with a bad logo is not composed; a good one is in the PDF.
func TestComposeLogo(t *testing.T) {
	in := seedInput(t)
	in.Coalition.Logo = []byte("GIF89a....")
	if _, err := mailmerge.Compose(in, ghana); !errors.Is(err, mailmerge.ErrLogo) || !strings.Contains(err.Error(), "letter to GHA") {
		t.Errorf("Compose with a GIF logo: %v, want ErrLogo naming the recipient", err)
	}
	in.Coalition.Logo = jpegLogo(t, 300, 100)
	l := compose(t, in, ghana)
	if !bytes.Contains(l.PDF, []byte("/Subtype /Image")) {
		t.Error("the PDF has no image")
	}
}
