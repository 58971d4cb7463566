package mailmerge

import (
	"bytes"
	"errors"
	"fmt"
	"image"
	"image/jpeg"
	"image/png"

	"github.com/r2p-coalition/r2p/internal/letters/publish"
)

// The limits of an uploaded logo: it is printed 16 mm high, for which
// 2000 pixels are far more than enough, and it travels in every e-mail.
const (
	MaxLogoBytes  = 1 << 20
	MaxLogoPixels = 2000 // on each side
)

// ErrLogo is wrapped by every error of ValidateLogo.
var ErrLogo = errors.New("logo not accepted")

// ValidateLogo checks an uploaded logo: a PNG or JPEG file of at most
// MaxLogoBytes and MaxLogoPixels on each side, that the PDF can print
// (not an interlaced PNG). The error says what is wrong and wraps ErrLogo.
func ValidateLogo(data []byte) error {
	if len(data) > MaxLogoBytes {
		return fmt.Errorf("%w: the file has %d bytes; at most %d (1 MB)", ErrLogo, len(data), MaxLogoBytes)
	}
	var decodeConfig func([]byte) (image.Config, error)
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		decodeConfig = func(b []byte) (image.Config, error) { return png.DecodeConfig(bytes.NewReader(b)) }
	case bytes.HasPrefix(data, []byte("\xff\xd8\xff")):
		decodeConfig = func(b []byte) (image.Config, error) { return jpeg.DecodeConfig(bytes.NewReader(b)) }
	default:
		return fmt.Errorf("%w: not a PNG or JPEG image", ErrLogo)
	}
	cfg, err := decodeConfig(data)
	if err != nil {
		return fmt.Errorf("%w: the image cannot be read: %v", ErrLogo, err)
	}
	if cfg.Width > MaxLogoPixels || cfg.Height > MaxLogoPixels {
		return fmt.Errorf("%w: the image is %d×%d pixels; at most %d on each side", ErrLogo, cfg.Width,
			cfg.Height, MaxLogoPixels)
	}
	if err := publish.CheckImage(data); err != nil {
		return fmt.Errorf("%w: %v", ErrLogo, err)
	}
	return nil
}
