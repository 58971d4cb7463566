package triage

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"iter"
	"regexp"
)

// MboxMessage is one message of an mbox file.
type MboxMessage struct {
	Index  int    // its place in the file, 0 for the first
	Offset int64  // the byte offset of its From_ line in the file
	Sender string // the envelope sender its From_ line names
	// Raw is the message without its From_ line, ">From " lines
	// unescaped; it is there for a message that could not be parsed too,
	// so that it can be kept for someone to look at.
	Raw     []byte
	Message *Message // nil when the message could not be parsed
}

// MboxError says which message of an mbox file could not be read.
type MboxError struct {
	Index  int
	Offset int64
	Err    error
}

func (e *MboxError) Error() string {
	return fmt.Sprintf("inbound: mbox message %d (at byte %d): %v", e.Index, e.Offset, e.Err)
}

func (e *MboxError) Unwrap() error { return e.Err }

var (
	// A From_ line as mail systems write it: "From sender Tue Sep 16
	// 09:14:07 2025", perhaps with a zone.
	ctimeFromRE = regexp.MustCompile(`^From \S+\s+(Mon|Tue|Wed|Thu|Fri|Sat|Sun) (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) [ 0-9]?[0-9] [0-9]{1,2}:[0-9]{2}(:[0-9]{2})?( \S+)? [0-9]{4}`)
	// A looser one, accepted after an empty line: a sender, then a time.
	looseFromRE = regexp.MustCompile(`^From \S+\s.*[0-9]{1,2}:[0-9]{2}`)
	escapedFrom = regexp.MustCompile(`^>+From `)
)

// LooksLikeMbox reports whether data, the start of a file, is an mbox
// file rather than a single message: it starts with a From_ line.
func LooksLikeMbox(data []byte) bool {
	line, _ := cutLine(bytes.TrimLeft(data, "\r\n"))
	return ctimeFromRE.Match(line) || looseFromRE.Match(line)
}

// ReadMbox reads the messages of an mbox file (mboxrd or mboxo) in order.
// A message starts at a From_ line, which is the first line of the file or
// follows an empty line (a From_ line with a full date is taken anywhere);
// lines ">From ", ">>From " ... lose one '>'. Each message is parsed; for
// one that cannot be, the sequence yields the *MboxMessage (without
// Message) and an *MboxError naming its index and offset, and goes on with
// the next. Text before the first From_ line is reported the same way, as
// message 0. A read error ends the sequence with (nil, err). Messages
// larger than MaxMessageBytes are reported and skipped.
func ReadMbox(r io.Reader) iter.Seq2[*MboxMessage, error] {
	return func(yield func(*MboxMessage, error) bool) {
		br := bufio.NewReaderSize(r, 64<<10)
		var (
			pos       int64 // offset of the next line
			cur       *MboxMessage
			leading   bool // cur is text before the first From_ line
			tooBig    bool // cur outgrew MaxMessageBytes
			buf       bytes.Buffer
			prevBlank = true
			index     int
		)
		// finish yields the current message; false means stop.
		finish := func() bool {
			if cur == nil {
				return true
			}
			m := cur
			cur = nil
			raw := buf.Bytes()
			// The empty line before the next From_ line belongs to the
			// mbox, not to the message.
			if bytes.HasSuffix(raw, []byte("\r\n\r\n")) {
				raw = raw[:len(raw)-2]
			} else if bytes.HasSuffix(raw, []byte("\n\n")) {
				raw = raw[:len(raw)-1]
			}
			m.Raw = bytes.Clone(raw)
			buf.Reset()
			var err error
			switch {
			case leading:
				err = errNoFromLine
			case tooBig:
				err = fmt.Errorf("larger than %d bytes, skipped: %w", MaxMessageBytes, ErrTooLarge)
			default:
				m.Message, err = Parse(m.Raw)
			}
			leading, tooBig = false, false
			if err != nil {
				return yield(m, &MboxError{m.Index, m.Offset, err})
			}
			return yield(m, nil)
		}
		for {
			line, err := br.ReadBytes('\n')
			if n := int64(len(line)); n > 0 {
				content := bytes.TrimRight(line, "\r\n")
				blank := len(bytes.TrimSpace(content)) == 0
				isFrom := bytes.HasPrefix(content, []byte("From ")) &&
					(pos == 0 || ctimeFromRE.Match(content) || prevBlank && looseFromRE.Match(content))
				switch {
				case isFrom:
					if !finish() {
						return
					}
					cur = &MboxMessage{Index: index, Offset: pos, Sender: fromLineSender(content)}
					index++
				case cur == nil && blank:
					// Empty lines before the first message.
				default:
					if cur == nil {
						cur = &MboxMessage{Index: index, Offset: pos}
						leading = true
						index++
					}
					if escapedFrom.Match(content) {
						line = line[1:]
					}
					if buf.Len()+len(line) > MaxMessageBytes {
						tooBig = true
					}
					if !tooBig {
						buf.Write(line)
					}
				}
				prevBlank = blank
				pos += n
			}
			if err == io.EOF {
				finish()
				return
			}
			if err != nil {
				if finish() {
					yield(nil, fmt.Errorf("inbound: reading the mbox at byte %d: %w", pos, err))
				}
				return
			}
		}
	}
}

// fromLineSender is the sender a From_ line names.
func fromLineSender(line []byte) string {
	f := bytes.Fields(line)
	if len(f) < 2 {
		return ""
	}
	return string(f[1])
}

var errNoFromLine = errors.New("text before the first From_ line: not an mbox file, or a damaged start")
