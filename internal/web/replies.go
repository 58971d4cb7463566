package web

import (
	"cmp"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"slices"
	"strings"

	"github.com/r2p-coalition/r2p/internal/letters/campaign"
	"github.com/r2p-coalition/r2p/internal/mail/inbox"
	"github.com/r2p-coalition/r2p/internal/mail/triage"
	"github.com/r2p-coalition/r2p/internal/store"
)

// What comes back from the missions — bounces, delay notices, automatic
// replies and replies from people — names diplomats and their addresses:
// every page of it needs an editor, like the missions directory.

// Upload limits: a file, and all the files of one upload.
const (
	maxReplyFile   = 64 << 20
	maxReplyUpload = 256 << 20
)

// unattachedShown is how many of the newest unattached messages the upload
// page lists.
const unattachedShown = 100

// repliesUploadData is the upload page: the form, what an upload did, and
// the messages that name no letter.
type repliesUploadData struct {
	Error      string
	Report     *inbox.Report
	Unattached []store.InboundMessage
	NoMailbox  bool // no reply mailbox is configured: only Message-IDs attach
}

func (s *Server) repliesUploadForm(w http.ResponseWriter, r *http.Request) error {
	return s.renderRepliesUpload(w, r, http.StatusOK, repliesUploadData{})
}

func (s *Server) renderRepliesUpload(w http.ResponseWriter, r *http.Request, status int, d repliesUploadData) error {
	var err error
	if d.Unattached, err = s.store.UnattachedInbound(r.Context(), unattachedShown); err != nil {
		return err
	}
	d.NoMailbox = len(s.opts.ReplyMailboxes) == 0
	return s.render(w, r, status, "replies_upload", d)
}

// uploadReplies takes in the uploaded .eml and mbox files, in one
// transaction, and shows what became of each message.
func (s *Server) uploadReplies(w http.ResponseWriter, r *http.Request) error {
	L := visitorFrom(r).printer
	var headers []*multipart.FileHeader
	if r.MultipartForm != nil {
		headers = r.MultipartForm.File["files"]
	}
	if len(headers) == 0 {
		return s.renderRepliesUpload(w, r, http.StatusUnprocessableEntity,
			repliesUploadData{Error: L.T("replies.no_file")})
	}
	var items []inbox.Item
	total := int64(0)
	for _, h := range headers {
		total += h.Size
		if h.Size > maxReplyFile || total > maxReplyUpload {
			return s.renderRepliesUpload(w, r, http.StatusRequestEntityTooLarge, repliesUploadData{
				Error: L.T("replies.too_large", h.Filename, int64(maxReplyFile>>20), int64(maxReplyUpload>>20))})
		}
		data, err := readUploaded(h)
		if err != nil {
			return s.renderRepliesUpload(w, r, http.StatusUnprocessableEntity,
				repliesUploadData{Error: L.T("import.unreadable", err.Error())})
		}
		items = append(items, inbox.Split(h.Filename, data)...)
	}
	rep, err := inbox.New(s.store, s.opts.ReplyMailboxes...).Ingest(r.Context(), store.InboundUpload,
		visitorFrom(r).actor(), items)
	if err != nil {
		return err
	}
	return s.renderRepliesUpload(w, r, http.StatusOK, repliesUploadData{Report: &rep})
}

func readUploaded(h *multipart.FileHeader) ([]byte, error) {
	f, err := h.Open()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.Filename, err)
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxReplyFile+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", h.Filename, err)
	}
	return data, nil
}

// rawReply shows an incoming message as it came, as plain text: a person
// reads it in the browser, which must not render any of it.
func (s *Server) rawReply(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r)
	if err != nil {
		return err
	}
	m, err := s.store.InboundMessage(r.Context(), id)
	if err != nil {
		return notFound(err, "incoming message %d", id)
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.Header().Set("Content-Security-Policy", "default-src 'none'; sandbox")
	io.WriteString(w, strings.ToValidUTF8(string(m.Raw), "\uFFFD"))
	if m.Truncated() {
		fmt.Fprintf(w, "\n\n[%s]\n", visitorFrom(r).printer.T("replies.truncated", int64(len(m.Raw)), m.RawSize))
	}
	return nil
}

// letterReplies is one letter of a campaign with what came back about it.
type letterReplies struct {
	State, StateName, Station, Address string
	Messages                           []store.InboundMessage
}

// campaignRepliesData is what came back about a campaign's letters.
type campaignRepliesData struct {
	Campaign campaign.Campaign
	Title    string
	Human    []store.InboundMessage // the replies from people, newest first
	Letters  []letterReplies        // by state name, then address
	Counts   []kindCount
	Total    int
}

type kindCount struct {
	Kind triage.Kind
	N    int
}

// campaignReplies lists, letter by letter, the bounces and replies
// attached to a campaign's letters, the replies from people first.
func (s *Server) campaignReplies(w http.ResponseWriter, r *http.Request) error {
	c, err := s.campaignByID(r)
	if err != nil {
		return err
	}
	list, err := s.store.CampaignInbound(r.Context(), c.ID)
	if err != nil {
		return err
	}
	d := campaignRepliesData{Campaign: c, Total: len(list)}
	if v, err := s.store.CampaignVersion(r.Context(), c.ID, c.Version); err == nil {
		d.Title = v.Text(string(visitorFrom(r).printer.Lang())).Title
	}
	lang := visitorFrom(r).printer.Lang()
	byLetter := map[int64]int{}
	counts := map[triage.Kind]int{}
	for _, m := range list {
		counts[m.Kind]++
		if m.Kind == triage.HumanReply {
			d.Human = append(d.Human, m)
		}
		i, ok := byLetter[m.DeliveryRecipientID]
		if !ok {
			name := m.State
			if st, ok := s.states.Lookup(m.State); ok {
				name = localName(st, lang)
			}
			i = len(d.Letters)
			byLetter[m.DeliveryRecipientID] = i
			d.Letters = append(d.Letters,
				letterReplies{State: m.State, StateName: name, Station: m.Station, Address: m.Address})
		}
		d.Letters[i].Messages = append(d.Letters[i].Messages, m)
	}
	for _, k := range []triage.Kind{triage.HumanReply, triage.AutoReply, triage.HardBounce, triage.SoftBounce,
		triage.Delay, triage.Delivered, triage.Unknown} {
		if counts[k] > 0 {
			d.Counts = append(d.Counts, kindCount{k, counts[k]})
		}
	}
	collator := collatorFor(lang)
	slices.SortStableFunc(d.Letters, func(a, b letterReplies) int {
		if c := collator.CompareString(a.StateName, b.StateName); c != 0 {
			return c
		}
		return cmp.Or(strings.Compare(a.Station, b.Station), strings.Compare(a.Address, b.Address))
	})
	return s.render(w, r, http.StatusOK, "replies", d)
}
