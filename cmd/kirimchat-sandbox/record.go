package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"os"
	"os/signal"
	"slices"
	"strings"
	"syscall"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/recorder"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// recordFlags are -record's: kirimchat-sandbox -record BASE_URL
// -dump-fixture FILE reads the organization behind KIRIMCHAT_API_KEY and
// writes it as a fixture, its personal data scrubbed (internal/recorder).
type recordFlags struct {
	baseURL           string
	requestsPerMinute int
}

// register adds -record's flags to fs (parseFlags calls it).
func (r *recordFlags) register(fs *flag.FlagSet) {
	fs.StringVar(&r.baseURL, "record", "", "record the organization behind KIRIMCHAT_API_KEY from this API base URL "+
		"(https://api-kckit.kirim.chat/v1; plain http only to loopback) into the -dump-fixture file, its personal data "+
		"replaced by pseudonyms, and exit; GET requests only, paced as the provider paces them")
	fs.IntVar(&r.requestsPerMinute, "record-requests-per-minute", 0, "with -record: a fixed pace, in requests a minute, "+
		"to leave the organization's bucket room for its other clients; without it, the pace adapts to the X-RateLimit-* headers, as the provider's")
}

// recordKeyEnv names the environment variable holding the key pseudonyms
// are derived with (any text, kept secret); without it, each recording
// draws a key of its own.
const recordKeyEnv = "KIRIMCHAT_PSEUDONYM_KEY"

// record runs -record.
func record(o options, stdout, stderr io.Writer) error {
	r := o.record
	switch {
	case o.dumpFixture == "":
		return errors.New("-record needs -dump-fixture FILE: the file to write the recording to")
	case o.fixture != "":
		return errors.New("-record reads the organization from the API; it takes no -fixture")
	case r.requestsPerMinute < 0:
		return fmt.Errorf("-record-requests-per-minute %d is negative", r.requestsPerMinute)
	}
	apiKey := strings.TrimSpace(os.Getenv("KIRIMCHAT_API_KEY"))
	if apiKey == "" {
		return errors.New("-record reads with the key in KIRIMCHAT_API_KEY, which is not set: export the key of the organization to record")
	}
	base, err := kirimchat.ParseBaseURL(r.baseURL)
	if err != nil {
		return fmt.Errorf("-record: %w", err)
	}
	if apiKey == o.apiKey && !kirimchat.IsLoopbackURL(r.baseURL) {
		return errors.New("-api-key is the key the sandbox will serve the recording with, and it is the key in KIRIMCHAT_API_KEY: " +
			"never serve a fixture with your real key; leave -api-key out (the sandbox's own) or give it a test key")
	}
	if !strings.HasSuffix(base.Path, "/v1") {
		_, _ = fmt.Fprintf(stderr, "warning: -record %s does not end in /v1, where the API lives (%s)\n", base, kirimchat.DefaultBaseURL)
	}
	if err := recorder.CheckWritable(o.dumpFixture); err != nil {
		return fmt.Errorf("-dump-fixture: %w", err)
	}

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	rec, err := recorder.Record(ctx, recorder.Options{
		Config:        kirimchat.Config{BaseURL: r.baseURL, APIKey: apiKey, RequestsPerMinute: r.requestsPerMinute},
		FixtureAPIKey: o.apiKey,
		Key:           []byte(os.Getenv(recordKeyEnv)),
		Progress:      stderr,
	})
	if err != nil {
		return fmt.Errorf("the recording failed, and %s was not written: %w", o.dumpFixture, err)
	}
	if err := recorder.WriteFile(o.dumpFixture, rec.JSON); err != nil {
		return fmt.Errorf("the recording was not written: %w", err)
	}
	reportRecording(stdout, o, base.String(), rec)
	return nil
}

// reportRecording says what was recorded, scrubbed and kept.
// baseURL is the one recorded from, as ParseBaseURL took it: without user
// information, query or fragment, so that it can be shown whole.
func reportRecording(w io.Writer, o options, baseURL string, rec *recorder.Recording) {
	f := rec.Fixture
	pages := rec.Pages["conversations"] + rec.Pages["contacts"] + rec.Pages["labels"]
	_, _ = fmt.Fprintf(w, "wrote %s: %d conversations, %d contacts, %d labels, as_of %s\n", o.dumpFixture,
		len(f.Conversations), len(f.Contacts), len(f.Labels), f.AsOf)
	_, _ = fmt.Fprintf(w, "read %s: %d requests (GET /me and %d pages), %d answered 429 and were waited out; took %s\n",
		baseURL, rec.Requests, pages, rec.RateLimited, rec.Took.Round(100*time.Millisecond))
	s := rec.Scrubbed
	_, _ = fmt.Fprintf(w, "scrubbed: %d customer names, %d phone numbers and %d emails; %d agent names and %d emails; "+
		"%d metadata texts and %d metadata numbers (set to 0); the API key's id, label and last4 (now the sandbox key's, ...%s)\n",
		s["customer names"], s["customer phone numbers"], s["customer emails"], s["agent names"], s["agent emails"],
		s["metadata texts"], rec.MetadataNumbers, o.apiKey[max(0, len(o.apiKey)-4):])
	_, _ = fmt.Fprintf(w, "kept as they are: ids, statuses, counts, timestamps, nulls, label names, the organization's name "+
		"and its %d WhatsApp numbers %s\n", len(rec.WhatsAppNumbers), strings.Join(rec.WhatsAppNumbers, " "))
	if len(rec.Unscrubbed) > 0 {
		_, _ = fmt.Fprintln(w, "NOT scrubbed: members the API does not document, kept as it sent them (review them before you commit the file):")
		for _, path := range slices.Sorted(maps.Keys(rec.Unscrubbed)) {
			_, _ = fmt.Fprintf(w, "  %s (%d records)\n", path, rec.Unscrubbed[path])
		}
	}
	serve := "kirimchat-sandbox -fixture " + o.dumpFixture
	if o.apiKey != sandbox.DefaultAPIKey {
		serve += " -api-key " + o.apiKey // the key the recording's GET /me describes
	}
	_, _ = fmt.Fprintf(w, "review %s before you commit it; serve it with: %s\n", o.dumpFixture, serve)
}

// warnIgnoredByRecord names the flags given with -record that only a
// serving or generating sandbox reads: -record reads the API and writes
// the fixture, and nothing else.
func warnIgnoredByRecord(set map[string]bool, stderr io.Writer) {
	var ignored []string
	for _, name := range []string{"listen", "url-file", "seed", "conversations", "contacts", "agents", "whatsapp-numbers",
		"status-mix", "unassigned", "as-of", "rebase", "fault", "latency", "reads-per-minute"} {
		if set[name] {
			ignored = append(ignored, "-"+name)
		}
	}
	if len(ignored) > 0 {
		_, _ = fmt.Fprintf(stderr, "warning: %s serve or generate an organization, and -record only reads one from the API "+
			"(its as_of is the time of the recording): they are ignored\n", strings.Join(ignored, ", "))
	}
}
