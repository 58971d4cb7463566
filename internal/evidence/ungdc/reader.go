// Package ungdc reads the UN General Debate Corpus (UNGDC): one JSON object
// per line, {"country","session","year","text"}, plain or gzip-compressed,
// as in shared/corpora/ungdc/speeches.jsonl.gz.
//
// A Reader streams the speeches one line at a time. It removes the byte
// order mark that starts some texts and turns "\r\n" and lone "\r" into
// "\n" (the corpus keeps both on purpose, so that its texts match their
// sources byte for byte), resolves each country code and year to a
// speaker of the reference data in internal/states (RUS in 1985 is the
// USSR, YUG in 2003 Serbia and Montenegro: see Resolver.Resolve), and
// marks the speeches of years after LastVerifiedYear unverified, as the
// corpus README asks. A bad line gives a *LineError naming its line, byte
// offset and field, and reading goes on with the next line. A Summary
// counts what was read; a Progress callback tells how far reading has
// got, for the command line to draw.
package ungdc

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"iter"
	"os"
)

// LastVerifiedYear is the last year of UNGDC v12 (1946–2023, 10,760
// speeches). The corpus file also holds 2024, of undocumented origin; its
// README asks that it be treated as unverified.
const LastVerifiedYear = 2023

// MaxLineBytes is the longest line a Reader accepts. The corpus's longest
// is 127,872 bytes; a longer line is reported as ErrSyntax and skipped.
const MaxLineBytes = 16 << 20

// Speech is one line of the corpus, checked and resolved.
type Speech struct {
	Line    int    // 1-based line number
	Offset  int64  // byte offset of the line in the decompressed stream
	Code    string // country code as in the file: "RUS", "EU"
	Session int    // General Assembly session, Year - 1945
	Year    int
	// Text is the speech with the BOM (U+FEFF) that starts it removed
	// (all of them, were there several) and "\r\n" and lone "\r" turned
	// into "\n". Nothing else is changed: a U+FEFF inside the text is a
	// zero-width no-break space and stays (the corpus has none).
	Text string
	// Speaker is the reference code of internal/states: "SUN" for RUS in
	// 1985, "EUU" for EU (see Resolver.Resolve).
	Speaker string
	// Standing is the speaker's standing in the General Assembly that year.
	Standing Standing
	// Warning explains a StandingNonMember speech; empty otherwise.
	Warning string
	// Verified is false for years after LastVerifiedYear.
	Verified     bool
	BOMStripped  bool // the text started with a BOM
	CRNormalized bool // the text had "\r"
}

// LineError is a bad line. Reading can go on after it.
type LineError struct {
	Line   int    // 1-based line number
	Offset int64  // byte offset of the line in the decompressed stream
	Field  string // FieldCountry ... FieldText, or FieldLine for the whole line
	Code   string // the country code when it was read, for reports
	Err    error  // ErrSyntax, ErrMissing, ErrBadValue, ErrSession, ErrUnknownCode or ErrEmptyText
	Detail string // what was wrong, may be empty
}

func (e *LineError) Error() string {
	msg := fmt.Sprintf("ungdc: line %d (byte %d)", e.Line, e.Offset)
	if e.Field != FieldLine {
		msg += ", field " + e.Field
	}
	msg += ": " + e.Err.Error()
	if e.Detail != "" {
		msg += ": " + e.Detail
	}
	return msg
}

// Unwrap returns the Err value, for errors.Is.
func (e *LineError) Unwrap() error { return e.Err }

// Progress is how far a Reader has got.
type Progress struct {
	// Read is the number of input bytes consumed: compressed bytes for a
	// gzip file. It runs a little ahead of the speeches returned, by the
	// reader's buffers.
	Read int64
	// Total is the size of the input when known (Open), else 0.
	Total    int64
	Speeches int // speeches returned
	BadLines int // lines returned as a *LineError
	Done     bool
}

// Reader streams speeches from a JSONL corpus. It is not safe for
// concurrent use.
type Reader struct {
	in       *countingReader
	lines    *bufio.Reader
	gz       *gzip.Reader // nil for plain input
	file     *os.File     // set by Open, closed by Close
	total    int64
	resolver *Resolver
	line     int
	offset   int64 // decompressed offset of the next line
	buf      []byte
	summary  Summary
	progress func(Progress)
	err      error // sticky: io.EOF or a read error
}

// countingReader counts the bytes read from the input.
type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// Open opens a corpus file, gzip-compressed or plain, for reading with
// the default reference data. Close it when done.
func Open(path string) (*Reader, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("ungdc.Open: %w", err)
	}
	info, err := f.Stat()
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("ungdc.Open: %w", err)
	}
	r, err := NewReader(f)
	if err != nil {
		f.Close()
		return nil, fmt.Errorf("ungdc.Open(%s): %w", path, err)
	}
	r.file, r.total = f, info.Size()
	return r, nil
}

// NewReader reads a corpus from r, gzip-compressed (recognised by its
// magic number) or plain, with the default reference data.
func NewReader(r io.Reader) (*Reader, error) {
	return NewReaderWith(r, DefaultResolver())
}

// NewReaderWith is NewReader with the given Resolver.
func NewReaderWith(r io.Reader, resolver *Resolver) (*Reader, error) {
	rd := &Reader{in: &countingReader{r: r}, resolver: resolver, summary: newSummary()}
	head := bufio.NewReaderSize(rd.in, 64<<10)
	magic, err := head.Peek(2)
	if err != nil && err != io.EOF {
		return nil, fmt.Errorf("ungdc.NewReader: %w", err)
	}
	if len(magic) == 2 && magic[0] == 0x1f && magic[1] == 0x8b {
		if rd.gz, err = gzip.NewReader(head); err != nil {
			return nil, fmt.Errorf("ungdc.NewReader: gzip: %w", err)
		}
		rd.lines = bufio.NewReaderSize(rd.gz, 64<<10)
	} else {
		rd.lines = head
	}
	return rd, nil
}

// OnProgress sets a function called after every line and once at the end
// of the input, with Done set. It runs on the reading goroutine, so it
// should be quick.
func (r *Reader) OnProgress(fn func(Progress)) { r.progress = fn }

// Summary returns the counts so far. The maps are copies.
func (r *Reader) Summary() Summary { return r.summary.clone() }

// Close closes the gzip stream, and the file if the Reader was opened with
// Open. It does not close the io.Reader given to NewReader.
func (r *Reader) Close() error {
	var errs []error
	if r.gz != nil {
		errs = append(errs, r.gz.Close())
	}
	if r.file != nil {
		errs = append(errs, r.file.Close())
	}
	return errors.Join(errs...)
}

// Next returns the next speech. A bad line gives a *LineError, and the
// next call goes on with the line after it. At the end of the input Next
// returns io.EOF; when the input cannot be read (a corrupt gzip stream)
// it returns that error; both are returned again by every later call.
func (r *Reader) Next() (Speech, error) {
	if r.err != nil {
		return Speech{}, r.err
	}
	line, start, err := r.readLine()
	if err != nil {
		r.err = err
		if err != io.EOF {
			r.err = fmt.Errorf("ungdc: reading line %d (byte %d): %w", r.line+1, start, err)
		}
		r.report(true)
		return Speech{}, r.err
	}
	r.line++
	s, lerr := r.speech(line, start)
	if lerr != nil {
		r.summary.addBad(lerr)
		r.report(false)
		return Speech{}, lerr
	}
	r.summary.add(s)
	r.report(false)
	return s, nil
}

// All returns an iterator over the speeches and bad lines, in file order.
// It stops at the end of the input, or after yielding a read error.
func (r *Reader) All() iter.Seq2[Speech, error] {
	return func(yield func(Speech, error) bool) {
		for {
			s, err := r.Next()
			if err == io.EOF {
				return
			}
			var lerr *LineError
			if !yield(s, err) || (err != nil && !errors.As(err, &lerr)) {
				return
			}
		}
	}
}

// speech parses, checks and resolves one line.
func (r *Reader) speech(line []byte, start int64) (Speech, *LineError) {
	if len(line) > MaxLineBytes {
		return Speech{}, &LineError{Line: r.line, Offset: start, Field: FieldLine, Err: ErrSyntax,
			Detail: fmt.Sprintf("line is longer than %d bytes", MaxLineBytes)}
	}
	rec, ferr := parseLine(line)
	if ferr != nil {
		return Speech{}, &LineError{Line: r.line, Offset: start, Field: ferr.field, Err: ferr.err, Detail: ferr.msg}
	}
	speaker, err := r.resolver.Resolve(rec.code, rec.year)
	if err != nil {
		return Speech{}, &LineError{Line: r.line, Offset: start, Field: FieldCountry, Code: rec.code,
			Err:    ErrUnknownCode,
			Detail: fmt.Sprintf("%q in %d", rec.code, rec.year)}
	}
	standing, warning := r.resolver.Standing(speaker, rec.year)
	return Speech{
		Line: r.line, Offset: start, Code: rec.code, Session: rec.session, Year: rec.year,
		Text: rec.text, Speaker: speaker, Standing: standing, Warning: warning,
		Verified: rec.year <= LastVerifiedYear, BOMStripped: rec.bomStripped, CRNormalized: rec.crNormalized,
	}, nil
}

// readLine returns the next line without its "\n" and its offset. A line
// longer than MaxLineBytes is returned truncated to MaxLineBytes+1 bytes,
// so that the caller reports it without holding all of it. The slice is
// valid until the next call.
func (r *Reader) readLine() ([]byte, int64, error) {
	start := r.offset
	r.buf = r.buf[:0]
	var size int64
	truncated := false
	for {
		chunk, err := r.lines.ReadSlice('\n')
		size += int64(len(chunk))
		if err == nil && len(r.buf) == 0 {
			r.offset += size
			return chunk[:len(chunk)-1], start, nil // the common case: no copy
		}
		room := MaxLineBytes + 1 - len(r.buf)
		truncated = truncated || len(chunk) > room
		r.buf = append(r.buf, chunk[:min(room, len(chunk))]...)
		switch {
		case err == bufio.ErrBufferFull:
			continue
		case err == nil:
			r.offset += size
			if truncated {
				return r.buf, start, nil
			}
			return r.buf[:len(r.buf)-1], start, nil
		case err == io.EOF:
			r.offset += size
			if size == 0 {
				return nil, start, io.EOF
			}
			return r.buf, start, nil // a last line without "\n"
		default:
			return nil, start, err
		}
	}
}

func (r *Reader) report(done bool) {
	if r.progress == nil {
		return
	}
	r.progress(Progress{Read: r.in.n, Total: r.total, Speeches: r.summary.Speeches,
		BadLines: r.summary.BadLines, Done: done})
}
