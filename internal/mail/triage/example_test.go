package triage_test

import (
	"bytes"
	"fmt"
	"os"

	"github.com/r2p-coalition/r2p/internal/mail/triage"
)

// Each delivery goes out with its own return path and Reply-To; what comes
// back names the delivery by its tag.
func ExampleMailbox() {
	mb, err := triage.ParseMailbox("letters@coalition.org")
	if err != nil {
		panic(err)
	}
	addr := mb.Address("d7f3k2")
	tag, ok := mb.Tag("Global Coalition <" + addr + ">")
	fmt.Println(addr, tag, ok)
	_, ok = mb.Tag("letters+d7f3k2@elsewhere.example")
	fmt.Println(ok)
	// Output:
	// letters+d7f3k2@coalition.org d7f3k2 true
	// false
}

func ExampleClassify() {
	raw, err := os.ReadFile("testdata/postfix-hard-5.1.1.eml")
	if err != nil {
		panic(err)
	}
	m, err := triage.Parse(raw)
	if err != nil {
		panic(err) // not a message at all
	}
	r := triage.Classify(m, triage.MustParseMailbox("letters@coalition.org"))
	fmt.Println(r.Kind, r.Tag, r.TagSource)
	for _, rc := range r.Recipients {
		fmt.Println(rc.Address, rc.Action, rc.Status)
	}
	fmt.Println(r.References)
	// Output:
	// hard_bounce k7m2p9 X-Postfix-Sender of the report
	// chancery@pmun-arcadia.example failed 5.1.1
	// [<r2p.ga2025.k7m2p9@coalition.org>]
}

func ExampleReadMbox() {
	data, err := os.ReadFile("testdata/mixed.mbox")
	if err != nil {
		panic(err)
	}
	mb := triage.MustParseMailbox("letters@coalition.org")
	for m, err := range triage.ReadMbox(bytes.NewReader(data)) {
		if m == nil {
			fmt.Println("read error:", err) // the file itself; nothing follows
			break
		}
		if err != nil {
			fmt.Printf("message %d at byte %d: cannot be read\n", m.Index, m.Offset)
			continue // keep m.Raw for someone to look at
		}
		r := triage.Classify(m.Message, mb)
		fmt.Printf("message %d at byte %d: %s %s\n", m.Index, m.Offset, r.Kind, r.Tag)
	}
	// Output:
	// message 0 at byte 0: hard_bounce k7m2p9
	// message 1 at byte 3781: hard_bounce z9x7c5
	// message 2 at byte 6049: cannot be read
	// message 3 at byte 6347: human_reply f4g6h8
	// message 4 at byte 9082: auto_reply w3e5r7
	// message 5 at byte 12514: human_reply r3t5y7
	// message 6 at byte 13855: delay e5f6g7
	// message 7 at byte 16856: human_reply a9s8d7
}
