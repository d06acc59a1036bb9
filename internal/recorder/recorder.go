// Package recorder records a whole organization through the Kirim.chat API
// as a sandbox fixture (kirimchat-sandbox -record), with its personal data
// replaced by pseudonyms: the customers' and agents' names, phone numbers
// and emails, and the values of contacts' metadata. It reads with the
// provider's own client (internal/kirimchat): the same pace, the same
// retries, and the same strict reading of every answer, each record of
// which is then kept as the JSON the API sent, fields no reader reads
// included. It lives apart from internal/sandbox, which must not import
// the client (the client's tests import the sandbox).
package recorder

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/kirimchat/terraform-provider-kirimchat/internal/kirimchat"
	"github.com/kirimchat/terraform-provider-kirimchat/internal/sandbox"
)

// Options configures a recording.
type Options struct {
	// Config is the client's: BaseURL and APIKey name the organization,
	// RequestsPerMinute, when set, fixes the pace. PageSize defaults to the
	// largest (the fewest requests), RateLimitBudget to Budget, UserAgent
	// to the recorder's.
	Config kirimchat.Config
	// FixtureAPIKey is the key the sandbox will serve the fixture with: the
	// fixture's GET /me describes it, never the key that recorded it.
	FixtureAPIKey string
	// Key keys the pseudonyms: with the same key, the same value gets the
	// same pseudonym in every recording. Empty: a random key of this
	// recording's own, forgotten when it ends.
	Key []byte
	// Progress, when set, receives a line at most every ProgressEvery
	// (default a second) while a list is read, and one when it is done.
	Progress      io.Writer
	ProgressEvery time.Duration
	// Now is the clock as_of is read from (default time.Now).
	Now func() time.Time
}

// Budget is how long one list of a recording may wait for the
// organization's rate limit, in all: a recording is not a plan that others
// wait for, so it takes the time the pace needs (Ctrl-C stops it).
const Budget = 24 * time.Hour

// Recording is a recorded organization.
type Recording struct {
	Fixture sandbox.Fixture
	// JSON is the fixture as it is written: indented, checked with
	// sandbox.ReadFixture, holding no form of the recording's API key.
	JSON []byte
	// Pages counts the pages read, by list: "conversations", "contacts",
	// "labels".
	Pages map[string]int
	// Requests counts the HTTP requests sent, retries included;
	// RateLimited the 429 answers among them, each waited out.
	Requests, RateLimited int
	// Scrubbed counts the distinct values replaced, by what they were
	// ("customer names", …, "metadata texts"); MetadataNumbers the numbers
	// of metadata set to 0.
	Scrubbed        map[string]int
	MetadataNumbers int
	// WhatsAppNumbers are the organization's own numbers, kept.
	WhatsAppNumbers []string
	// Unscrubbed counts, by where they stand ("conversation.priority",
	// "contact.whatsapp_account.display_name", …), the records carrying a
	// member the contract does not document: kept as the API sent it, and
	// NOT scrubbed.
	Unscrubbed map[string]int
	Took       time.Duration
}

// Record reads the organization that opts.Config's key belongs to — GET
// /me, then every conversation, contact and label — and returns it as a
// fixture with its personal data scrubbed. Any error ends it: a contract
// error, a request that failed after its retries, the rate-limit budget
// spent, or ctx ending. Nothing is written; see WriteFile.
func Record(ctx context.Context, opts Options) (*Recording, error) {
	now := opts.Now
	if now == nil {
		now = time.Now
	}
	began := time.Now()
	key := opts.Key
	if len(key) == 0 {
		key = make([]byte, 32)
		_, _ = rand.Read(key) // never fails (crypto/rand)
	}
	if opts.FixtureAPIKey == "" {
		opts.FixtureAPIKey = sandbox.DefaultAPIKey
	}

	var requests, rateLimited atomic.Int64
	cfg := opts.Config
	cfg.PageSize = orDefault(cfg.PageSize, kirimchat.MaxPageSize)
	cfg.RateLimitBudget = orDefault(cfg.RateLimitBudget, Budget)
	cfg.UserAgent = orDefault(cfg.UserAgent, "kirimchat-sandbox-record")
	logRequest := cfg.LogRequest
	cfg.LogRequest = func(ctx context.Context, l kirimchat.RequestLog) {
		requests.Add(1)
		if l.Status == 429 {
			rateLimited.Add(1)
		}
		if logRequest != nil {
			logRequest(ctx, l)
		}
	}
	client, err := kirimchat.New(cfg)
	if err != nil {
		return nil, err
	}
	progress := &progress{w: opts.Progress, every: orDefault(opts.ProgressEvery, time.Second), began: began, requests: &requests}

	rec := &Recording{Pages: map[string]int{}, Scrubbed: map[string]int{}, Unscrubbed: map[string]int{}}
	me, err := client.GetMeRaw(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading GET /me: %w", err)
	}
	progress.say("me: %s (%s), tier %s, %d reads a minute", me.Record.Organization.Name, me.Record.Organization.ID,
		me.Record.RateLimits.Tier, me.Record.RateLimits.ReadPerMinute)

	var convRaw, contactRaw, labelRaw []json.RawMessage
	if err := readList(ctx, progress, "conversations", rec, func(each func([]json.RawMessage) error) error {
		_, err := client.ListConversations(ctx, kirimchat.ListConversationsOptions{EachRawPage: rawOf[kirimchat.Conversation](each)})
		return err
	}, &convRaw); err != nil {
		return nil, err
	}
	if err := readList(ctx, progress, "contacts", rec, func(each func([]json.RawMessage) error) error {
		_, err := client.ListContacts(ctx, kirimchat.ListContactsOptions{EachRawPage: rawOf[kirimchat.Contact](each)})
		return err
	}, &contactRaw); err != nil {
		return nil, err
	}
	if err := readList(ctx, progress, "labels", rec, func(each func([]json.RawMessage) error) error {
		_, err := client.ListLabels(ctx, kirimchat.ListLabelsOptions{EachRawPage: rawOf[kirimchat.Label](each)})
		return err
	}, &labelRaw); err != nil {
		return nil, err
	}
	asOf := now().UTC().Truncate(time.Second).Format(time.RFC3339)

	fixture, err := scrub(key, opts.FixtureAPIKey, me.JSON, convRaw, contactRaw, labelRaw, rec)
	if err != nil {
		return nil, err
	}
	fixture.AsOf = asOf
	rec.Fixture = fixture
	data, err := json.MarshalIndent(fixture, "", "  ")
	if err != nil {
		return nil, err
	}
	rec.JSON = append(data, '\n')
	if err := check(rec.JSON, opts.Config.APIKey); err != nil {
		return nil, err
	}
	rec.Requests, rec.RateLimited = int(requests.Load()), int(rateLimited.Load())
	rec.Took = time.Since(began)
	return rec, nil
}

// plural is n and what, in the plural unless n is 1.
func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}

func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

// rawOf adapts each, which takes a page's JSON texts, to a list's
// EachRawPage.
func rawOf[T any](each func([]json.RawMessage) error) func([]kirimchat.RawRecord[T]) error {
	return func(rs []kirimchat.RawRecord[T]) error {
		raw := make([]json.RawMessage, len(rs))
		for i := range rs {
			raw[i] = rs[i].JSON
		}
		return each(raw)
	}
}

// readList drains one list into *into, counting its pages and saying how
// far it is.
func readList(ctx context.Context, p *progress, name string, rec *Recording,
	list func(each func([]json.RawMessage) error) error, into *[]json.RawMessage) error {
	pages := 0
	err := list(func(raw []json.RawMessage) error {
		if err := ctx.Err(); err != nil {
			return err
		}
		pages++
		*into = append(*into, raw...)
		p.page(name, pages, len(*into))
		return nil
	})
	rec.Pages[name] = pages
	if err != nil {
		return fmt.Errorf("reading GET /%s (after %d pages, %d records): %w", name, pages, len(*into), err)
	}
	p.say("%s: %d in %s", name, len(*into), plural(pages, "page"))
	return nil
}

// scrub builds the fixture from the records read, personal data replaced.
func scrub(key []byte, fixtureKey string, meRaw json.RawMessage, convRaw, contactRaw, labelRaw []json.RawMessage, rec *Recording) (sandbox.Fixture, error) {
	f := sandbox.Fixture{
		Conversations: make([]sandbox.Conversation, len(convRaw)),
		Contacts:      make([]sandbox.Contact, len(contactRaw)),
		Labels:        make([]sandbox.Label, len(labelRaw)),
	}
	var me sandbox.Me
	if err := json.Unmarshal(meRaw, &me); err != nil {
		return f, fmt.Errorf("GET /me: %w", err)
	}
	// Each text is let go once decoded: a large organization is held
	// once, not twice.
	for i, raw := range convRaw {
		if err := json.Unmarshal(raw, &f.Conversations[i]); err != nil {
			return f, fmt.Errorf("conversation %d: %w", i, err)
		}
		convRaw[i] = nil
	}
	for i, raw := range contactRaw {
		if err := json.Unmarshal(raw, &f.Contacts[i]); err != nil {
			return f, fmt.Errorf("contact %d: %w", i, err)
		}
		contactRaw[i] = nil
	}
	for i, raw := range labelRaw {
		if err := json.Unmarshal(raw, &f.Labels[i]); err != nil {
			return f, fmt.Errorf("label %d: %w", i, err)
		}
	}

	p := newPseudonyms(key)
	numbers := map[string]struct{}{}
	for i := range f.Conversations {
		p.collectConversation(&f.Conversations[i])
		accountNumber(numbers, f.Conversations[i].WhatsAppAccount)
	}
	for i := range f.Contacts {
		if err := p.collectContact(&f.Contacts[i]); err != nil {
			return f, fmt.Errorf("contact %s: metadata: %w", f.Contacts[i].ID, err)
		}
		accountNumber(numbers, f.Contacts[i].WhatsAppAccount)
	}
	if err := p.assign(); err != nil {
		return f, err
	}
	for i := range f.Conversations {
		p.scrubConversation(&f.Conversations[i])
	}
	for i := range f.Contacts {
		rec.MetadataNumbers += countNumbers(f.Contacts[i].Metadata)
		if err := p.scrubContact(&f.Contacts[i]); err != nil {
			return f, fmt.Errorf("contact %s: metadata: %w", f.Contacts[i].ID, err)
		}
	}
	for k := range kinds {
		rec.Scrubbed[kindNames[k]] = p.count(k)
	}
	rec.WhatsAppNumbers = slices.Sorted(maps.Keys(numbers))

	describeFixtureKey(&me.APIKey, fixtureKey)
	meJSON, err := json.Marshal(me)
	if err != nil {
		return f, err
	}
	f.Me = meJSON
	unscrubbed(rec.Unscrubbed, &me, f)
	return f, nil
}

func accountNumber(numbers map[string]struct{}, a *sandbox.WhatsAppAccount) {
	if a != nil && a.PhoneNumber != nil {
		numbers[*a.PhoneNumber] = struct{}{}
	}
}

// countNumbers is how many numbers the JSON value raw holds.
func countNumbers(raw json.RawMessage) int {
	n := 0
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	for {
		tok, err := dec.Token()
		if err != nil {
			return n
		}
		if _, ok := tok.(json.Number); ok {
			n++
		}
	}
}

// describeFixtureKey makes GET /me's api_key describe the key the sandbox
// serves the fixture with, as the sandbox describes a key itself: the real
// key's id, label and last four characters are not kept. Its undocumented
// members stay, as everywhere.
func describeFixtureKey(k *sandbox.MeAPIKey, fixtureKey string) {
	last4 := fixtureKey[max(0, len(fixtureKey)-4):]
	id := strings.Map(func(r rune) rune {
		if r >= '0' && r <= '9' || r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' {
			return r
		}
		return -1
	}, strings.ToUpper(last4))
	k.ID = "key_" + strings.Repeat("0", 26-len(id)) + id
	k.Object = "api_key"
	k.Label = "Sandbox key"
	k.Last4 = last4
}

// unscrubbed counts the records carrying each undocumented member.
func unscrubbed(out map[string]int, me *sandbox.Me, f sandbox.Fixture) {
	add := func(path string, extra sandbox.Extra) {
		for name := range extra {
			out[path+"."+name]++
		}
	}
	add("me", me.Extra)
	add("me.organization", me.Organization.Extra)
	add("me.api_key", me.APIKey.Extra)
	add("me.rate_limits", me.RateLimits.Extra)
	for _, cv := range f.Conversations {
		add("conversation", cv.Extra)
		if cv.Contact != nil {
			add("conversation.contact", cv.Contact.Extra)
		}
		if cv.WhatsAppAccount != nil {
			add("conversation.whatsapp_account", cv.WhatsAppAccount.Extra)
		}
		if cv.Assignee != nil {
			add("conversation.assignee", cv.Assignee.Extra)
		}
	}
	for _, ct := range f.Contacts {
		add("contact", ct.Extra)
		if ct.WhatsAppAccount != nil {
			add("contact.whatsapp_account", ct.WhatsAppAccount.Extra)
		}
	}
	for _, l := range f.Labels {
		add("label", l.Extra)
	}
}

// check holds the fixture written to what the sandbox reads, and makes sure
// that no form of the recording's key is in it.
func check(data []byte, apiKey string) error {
	for _, form := range kirimchat.KeyForms(strings.TrimSpace(apiKey)) {
		if bytes.Contains(data, []byte(form)) {
			return fmt.Errorf("the recording holds the API key it was made with; nothing was written")
		}
	}
	if _, err := sandbox.ReadFixture(bytes.NewReader(data)); err != nil {
		// The client keeps values outside a documented set (the API may
		// add them); the sandbox's schema may not take them.
		return fmt.Errorf("the recording is not a fixture the sandbox can serve: the API sent what the client accepts and "+
			"the sandbox's fixture.schema.json does not (a label color it does not list, a contact's phone number not "+
			"in E.164?); please report it: %w", err)
	}
	return nil
}

// progress says how far a recording is, at most every so often.
type progress struct {
	w        io.Writer
	every    time.Duration
	last     time.Time
	began    time.Time
	requests *atomic.Int64
}

func (p *progress) say(format string, args ...any) {
	if p.w == nil {
		return
	}
	_, _ = fmt.Fprintf(p.w, "record: "+format+"\n", args...)
	p.last = time.Now()
}

func (p *progress) page(list string, pages, records int) {
	if p.w == nil || time.Since(p.last) < p.every {
		return
	}
	p.say("%s: %d pages, %d records so far (%d requests in %s)", list, pages, records, p.requests.Load(),
		time.Since(p.began).Round(time.Second))
}
